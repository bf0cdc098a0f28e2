package dev.flowback.core.chain.payload;

/** The switch's input: the ticket and the drain that let it proceed. */
public record SwitchInput(RollbackTicket ticket, DrainStatus drain) {
    public SwitchInput {
        TicketChecks.require(ticket);
    }
}
