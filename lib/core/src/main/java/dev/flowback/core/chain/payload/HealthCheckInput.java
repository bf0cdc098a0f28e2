package dev.flowback.core.chain.payload;

/** The health loop's input: the ticket and the window so far (null, or {@code {"checks": 0}}, at the start). */
public record HealthCheckInput(RollbackTicket ticket, HealthWindow window) {
    public HealthCheckInput {
        TicketChecks.require(ticket);
    }
}
