package dev.flowback.core.rollback;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.rollback.StepInputs.CompensationInput;
import java.time.Instant;
import java.util.Optional;

/**
 * Where every caught failure ends: reopen the gate if this execution closed it, release the lock if this execution
 * holds it, and close the record as FAILED with the cause. It never touches the pointer, so after a switch the
 * message says where the pointer stands (read from the pointer's last switch, not from what the state machine
 * carried, which misses a switch whose answer was lost). Each action is conditional on this execution's id, so
 * compensation after a failure that happened before anything was taken (bad input, another rollback holding the
 * lock, a lock taken over) changes nothing that belongs to someone else, and a replay changes nothing.
 */
public final class CompensateStep {
    private final ChainPorts ports;

    public CompensateStep(ChainPorts ports) {
        this.ports = ports;
    }

    public RollbackOutcome run(CompensationInput input) {
        // The Fail state takes its error name from the outcome, so there always is one.
        StepFailure failure = input.failure() == null || input.failure().error() == null
                ? new StepFailure("Flowback.UnknownFailure", input.failure() == null ? null : input.failure().cause())
                : input.failure();
        Optional<Subject> found = Subject.of(input);
        if (found.isEmpty()) {
            return new RollbackOutcome(RollbackStatus.FAILED, "refused: " + failure.message()
                    + "; nothing was locked or paused", text(input, "workflow_id"), text(input, "environment"),
                    input.executionId(), null, null, text(input, "target_version"), null, 0, null, null, null,
                    failure.error(), null, null);
        }
        Subject s = found.get();
        Optional<EnvironmentState> before = ports.environments().find(s.workflow(), s.environment());
        if (before.isEmpty()) {
            return s.outcome(failure, "refused: " + failure.message() + "; nothing was locked or paused",
                    ActivePointer.NOTHING_LIVE);
        }
        Optional<RollbackRecord> existing = ports.journal().find(s.workflow(), s.environment(), s.executionId());
        boolean reopened = ports.environments().reopenGate(s.workflow(), s.environment(), s.executionId());
        boolean released = ports.environments().releaseLock(s.workflow(), s.environment(), s.executionId());
        EnvironmentState after = ports.environments().find(s.workflow(), s.environment()).orElse(before.get());
        ActivePointer pointer = after.pointer();
        if (existing.isPresent() && existing.get().status().isFinal()) {
            return RollbackOutcome.of(existing.get(), pointer, null);
        }

        // A gate or lock of another execution (the holder that refused this one, or took its lock over) is named and
        // left alone.
        String gate = reopened ? "gate reopened" : after.gate().isClosed() ? "gate closed by "
                + after.gate().closedBy() + ", left to it" : "gate open";
        String lock = released ? "lock released" : after.lock().holder() != null ? "lock held by "
                + after.lock().holder() + ", left to it" : "no lock held by this execution";
        String message = s.describe() + " failed: " + failure.message() + " (" + failure.shortError() + "). "
                + gate + ", " + lock + "; active version " + pointer.activeLabel() + " (revision "
                + pointer.revision() + ")" + afterSwitch(input, pointer);
        if (!s.dryRun()) {
            Instant now = ports.now();
            RollbackRecord record = existing.orElseGet(() -> s.refusalRecord(before.get().pointer()));
            ports.journal().finish(record.finished(RollbackStatus.FAILED, pointer.revision(), now.toString(),
                    failure.error(), message, null));
            ports.journal().audit(new AuditEntry(s.workflow().value(), s.environment().value(),
                    s.startedAt().toString(), s.executionId(), ChainStep.COMPENSATE.order(),
                    ChainStep.COMPENSATE.label(), now.toString(), s.fromVersion(), s.targetVersion(),
                    failure.shortError() + ": " + failure.message() + (reopened ? "; gate reopened" : "")
                            + (released ? "; lock released" : "")));
        }
        return s.outcome(failure, message, pointer);
    }

    /** Where a switch of this execution left the pointer, or "" when none happened. */
    private static String afterSwitch(CompensationInput input, ActivePointer pointer) {
        RollbackTicket t = input.ticket();
        if (t == null) {
            return "";
        }
        String last = pointer.lastSwitch();
        String revertId = t.executionId() + RollbackTicket.REVERT_SWITCH_SUFFIX;
        if (t.revert()) {
            // The revert ticket's from is the target that failed verification, its target the version before.
            String failed = "; verification had found " + t.fromVersion() + " unhealthy (marked BAD) and ";
            if (revertId.equals(last)) {
                return failed + "the switch back to " + t.targetVersion() + " had happened";
            }
            if (t.executionId().equals(last)) {
                return failed + "the switch back to " + t.targetVersion() + " did not happen, so " + t.fromVersion()
                        + " stays live: needs a person";
            }
        } else if (t.executionId().equals(last)) {
            return "; the switch had happened, so " + pointer.activeLabel() + " stays live without a verdict";
        } else if (input.switched() == null) {
            return "";
        }
        return "; this execution had switched, but another has moved the pointer since";
    }

    private static String text(CompensationInput input, String field) {
        return input.request() != null && input.request().path(field).isTextual()
                ? input.request().get(field).asText() : null;
    }

    /**
     * Whose failure this is: the ticket's execution when the snapshot step produced one, else the request's if its
     * ids parse (the target then stays unresolved: {@code targetVersion} null).
     */
    private record Subject(
            WorkflowId workflow,
            EnvironmentName environment,
            String executionId,
            Instant startedAt,
            String fromVersion,
            String targetVersion,
            String requestedTarget,
            boolean force,
            boolean dryRun,
            String reason,
            String trigger,
            String requestedBy) {

        static Optional<Subject> of(CompensationInput input) {
            RollbackTicket t = input.ticket();
            if (t != null) {
                // A revert ticket runs from the execution's target back to its from; the execution (its record, its
                // outcome) still reads from -> target.
                return Optional.of(new Subject(t.workflow(), t.env(), t.executionId(), Instant.parse(t.startedAt()),
                        t.revert() ? t.targetVersion() : t.fromVersion(),
                        t.revert() ? t.fromVersion() : t.targetVersion(), t.requestedTarget(), t.force(), t.dryRun(),
                        t.reason(), t.trigger(), t.requestedBy()));
            }
            try {
                RollbackRequest r = RollbackRequest.parse(input.request());
                ExecutionRef execution = ExecutionRef.parse(input.executionId(), input.startedAt());
                return Optional.of(new Subject(r.workflowId(), r.environment(), execution.id(),
                        execution.startedAt(), null, null, r.target().toString(), r.force(), r.dryRun(), r.reason(),
                        r.trigger().wireName(), r.requestedBy()));
            } catch (InvalidInputException e) {
                return Optional.empty();
            }
        }

        String describe() {
            return "rollback of " + workflow + "/" + environment + " to " + (targetVersion != null ? targetVersion
                    : requestedTarget) + (fromVersion != null ? " (from " + fromVersion + ")" : "");
        }

        RollbackOutcome outcome(StepFailure failure, String message, ActivePointer pointer) {
            return new RollbackOutcome(RollbackStatus.FAILED, message, workflow.value(), environment.value(),
                    executionId, fromVersion, targetVersion, requestedTarget, pointer.activeLabel(),
                    pointer.revision(), reason, trigger, requestedBy, failure.error(), null, null);
        }

        /** A record for an execution refused before the snapshot opened one, so every refusal leaves a trace. */
        RollbackRecord refusalRecord(ActivePointer pointer) {
            return new RollbackRecord(executionId, workflow.value(), environment.value(), RollbackStatus.IN_PROGRESS,
                    pointer.active().map(Object::toString).orElse(null), pointer.activeSha256(), targetVersion, null,
                    requestedTarget, reason, trigger, requestedBy, force, startedAt.toString(), null,
                    pointer.revision(), null, null, null, null);
        }
    }
}
