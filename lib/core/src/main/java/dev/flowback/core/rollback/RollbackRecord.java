package dev.flowback.core.rollback;

/**
 * What one execution did, kept per environment. Versions and hashes only: the definitions stay in the registry.
 *
 * @param requestedTarget what the caller asked for ({@code previous}, {@code v1.4.2}), before resolution
 * @param switchedAt      when the pointer moved, or null if it never did
 * @param revision        the pointer's revision after this execution's switch, or its revision at the start
 * @param error           the error name when it did not succeed (an exception's class name), else null
 * @param message         one sentence: what happened, or why it failed
 * @param health          the health findings that decided verification, one line, or null
 */
public record RollbackRecord(
        String executionId,
        String workflowId,
        String environment,
        RollbackStatus status,
        String fromVersion,
        String fromSha256,
        String targetVersion,
        String targetSha256,
        String requestedTarget,
        String reason,
        String trigger,
        String requestedBy,
        boolean force,
        String startedAt,
        String switchedAt,
        long revision,
        String finishedAt,
        String error,
        String message,
        String health) {

    public RollbackRecord finished(RollbackStatus finalStatus, long finalRevision, String finishedAtTime,
                                   String errorName, String messageText, String healthText) {
        return new RollbackRecord(executionId, workflowId, environment, finalStatus, fromVersion, fromSha256,
                targetVersion, targetSha256, requestedTarget, reason, trigger, requestedBy, force, startedAt, switchedAt,
                finalRevision, finishedAtTime, errorName, messageText, healthText);
    }
}
