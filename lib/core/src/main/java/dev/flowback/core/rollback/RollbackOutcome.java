package dev.flowback.core.rollback;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The execution's answer, in one readable object: the output of a finished execution, the detail of the final
 * event, and the source of the Fail state's error and cause when it failed.
 *
 * @param status   SUCCEEDED, DRY_RUN, HELD, REVERTED or FAILED; REVERTING only between Verify and the switch back
 * @param message  one sentence saying what happened
 * @param error    the error name for a failed execution (an exception's class name), else null
 * @param active   what is live in the environment at the end
 * @param revision the pointer's revision at the end
 * @param health   the health figures that decided verification, or null
 * @param plan     the dry run's plan, or null
 * @param revert   only in Verify's REVERTING answer: the ticket of the switch back, which the state machine carries
 *                 through pause, drain and switch (left out when null, so no event ever has it)
 */
// Every field, null or not: event consumers and people read one stable shape ("from_version": null on a first
// deployment says more than a missing field).
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RollbackOutcome(
        RollbackStatus status,
        String message,
        String workflowId,
        String environment,
        String executionId,
        String fromVersion,
        String toVersion,
        String requestedTarget,
        String active,
        long revision,
        String reason,
        String trigger,
        String requestedBy,
        String error,
        HealthReport health,
        DryRunPlan plan,
        @JsonInclude(JsonInclude.Include.NON_NULL) RollbackTicket revert) {

    /** An outcome that asks for no revert: every answer but Verify's REVERTING one. */
    public RollbackOutcome(RollbackStatus status, String message, String workflowId, String environment,
                           String executionId, String fromVersion, String toVersion, String requestedTarget,
                           String active, long revision, String reason, String trigger, String requestedBy,
                           String error, HealthReport health, DryRunPlan plan) {
        this(status, message, workflowId, environment, executionId, fromVersion, toVersion, requestedTarget, active,
                revision, reason, trigger, requestedBy, error, health, plan, null);
    }

    /** The outcome a finished record describes, with what is live now. */
    public static RollbackOutcome of(RollbackRecord record, ActivePointer pointer, HealthReport health) {
        return new RollbackOutcome(record.status(), record.message(), record.workflowId(), record.environment(),
                record.executionId(), record.fromVersion(), record.targetVersion(), record.requestedTarget(),
                pointer.activeLabel(), pointer.revision(), record.reason(), record.trigger(), record.requestedBy(),
                record.error(), health, null);
    }
}
