package dev.flowback.core.chain.payload;

/** The drain loop's input: the ticket and the last count. */
public record DrainCheckInput(RollbackTicket ticket, DrainStatus drain) {
    public DrainCheckInput {
        TicketChecks.require(ticket);
    }
}
