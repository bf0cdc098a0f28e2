package dev.flowback.core.chain.payload;

/** The input of the steps that need only the ticket: validate, pause. */
public record TicketInput(RollbackTicket ticket) {
    public TicketInput {
        TicketChecks.require(ticket);
    }
}
