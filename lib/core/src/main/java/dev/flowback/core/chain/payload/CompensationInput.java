package dev.flowback.core.chain.payload;

/**
 * What compensation gets: the original request (decoded to plain Java values, as the snapshot step gets it) and,
 * when the snapshot step got that far, the ticket (else null), the switch if one happened (else null), and the
 * caught failure.
 */
public record CompensationInput(
        Object request,
        RollbackTicket ticket,
        SwitchResult switched,
        StepFailure failure,
        String executionId,
        String startedAt) {
}
