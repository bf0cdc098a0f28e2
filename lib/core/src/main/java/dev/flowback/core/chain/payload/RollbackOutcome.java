package dev.flowback.core.chain.payload;

import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;

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
 * @param evidence what the alarm measured, when an alarm started the execution with evidence (from its record)
 *
 * <p>Its fields are text for people and event consumers: it is the answer, never parsed again by a step (the revert
 * ticket inside it excepted). The handler edge writes every field, null or not, so consumers read one stable shape.
 */
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
        RollbackTicket revert,
        AlarmEvidence evidence) {

    /**
     * The error name of an execution that switched but found the target unhealthy (HELD, REVERTED): not an exception
     * (nothing failed to run; verification gave its verdict), so not a class name, and never retried or caught.
     */
    public static final String UNHEALTHY = "Flowback.HealthCheckFailed";

    /** An outcome without alarm evidence. */
    public RollbackOutcome(RollbackStatus status, String message, String workflowId, String environment,
                           String executionId, String fromVersion, String toVersion, String requestedTarget,
                           String active, long revision, String reason, String trigger, String requestedBy,
                           String error, HealthReport health, DryRunPlan plan, RollbackTicket revert) {
        this(status, message, workflowId, environment, executionId, fromVersion, toVersion, requestedTarget, active,
                revision, reason, trigger, requestedBy, error, health, plan, revert, null);
    }

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
        return new RollbackOutcome(record.status(), record.message(), record.environment().workflow().value(),
                record.environment().environment().value(), record.executionId(), text(record.fromVersion()),
                text(record.targetVersion()), text(record.requestedTarget()), pointer.activeLabel(),
                pointer.revision(), record.reason(), record.trigger().wireName(), record.requestedBy(), record.error(),
                health, null, null, record.evidence());
    }

    /** A typed value's wire text, or null. */
    public static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
