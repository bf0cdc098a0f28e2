package dev.flowback.core.chain.payload;

/** The input of verify and of finish-revert: the ticket, the switch and the health window. */
public record VerifyInput(RollbackTicket ticket, SwitchResult switched, HealthWindow health) {
    public VerifyInput {
        TicketChecks.require(ticket);
    }
}
