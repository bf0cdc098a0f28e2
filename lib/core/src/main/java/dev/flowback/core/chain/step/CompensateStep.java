package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineRecovery;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.ExecutionRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.VersionRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where every caught failure ends: reopen the gate if this execution closed it, release the lock if this execution
 * holds it, and close the record with the cause: REFUSED when the execution stopped before it paused anything (bad
 * input, an unknown or refused target, another rollback in progress), FAILED after. After a completed switch it leaves
 * the pointer where it is, and the message says where it stands (read from the pointer's last switch, not from what the
 * state machine carried, which misses a switch whose answer was lost). After a switch whose apply did not take (the
 * pointer moved, the engine never confirmed it) it restores the pointer and the engine ({@link PointerRestore}). Once
 * this execution has paused, the environment's engine is told to admit runs again ({@link EngineRecovery}); what the
 * engine answered goes into the record rather than failing compensation. Each action is conditional on this execution's
 * id, so compensation after a failure that happened before anything was taken (bad input, another rollback holding the
 * lock, a lock taken over) changes nothing that belongs to someone else, and a replay changes nothing.
 */
public final class CompensateStep {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final EngineRecovery engine;
    private final RollbackJournal journal;
    private final LockLease lease;

    public CompensateStep(VersionRegistry registry, EnvironmentStore environments, EngineRecovery engine,
                          RollbackJournal journal, LockLease lease) {
        this.registry = registry;
        this.environments = environments;
        this.engine = engine;
        this.journal = journal;
        this.lease = lease;
    }

    public RollbackOutcome run(CompensationInput input) {
        // The Fail state takes its error name from the outcome, so there always is one (StepFailure defaults it).
        StepFailure failure = input.failure() == null ? new StepFailure(null, null) : input.failure();
        Optional<Subject> found = Subject.of(input);
        if (found.isEmpty()) {
            return new RollbackOutcome(RollbackStatus.REFUSED, "refused: " + failure.message()
                    + "; nothing was locked or paused", text(input, "workflow_id"), text(input, "environment"),
                    input.executionId(), null, null, text(input, "target_version"), null, 0, null, null, null,
                    failure.error(), null, null);
        }
        Subject s = found.get();
        Optional<EnvironmentState> before = environments.find(s.ref());
        if (before.isEmpty()) {
            return s.outcome(RollbackStatus.REFUSED, failure, "refused: " + failure.message()
                    + "; nothing was locked or paused", ActivePointer.NOTHING_LIVE);
        }
        Optional<RollbackRecord> existing = journal.find(s.ref(), s.executionId());
        Instant now = lease.now();
        boolean open = existing.isPresent() && !existing.get().status().isFinal();
        Optional<PointerRestore> restore = open ? PointerRestore.of(existing.get(), before.get().pointer())
                : Optional.empty();
        // Before the lock is released: the restore is a fenced switch.
        String restored = restore.map(r -> r.restore(environments, engine, registry, before.get(), now,
                lease.endingFrom(now))).orElse("");
        boolean reopened = environments.reopenGate(s.ref(), s.executionId());
        String engineText = open && !s.dryRun() && existing.get().phase() != RollbackPhase.SNAPSHOT
                ? reopenEngine(before.get(), s.executionId()) : "";
        boolean released = environments.releaseLock(s.ref(), s.executionId());
        EnvironmentState after = environments.find(s.ref()).orElse(before.get());
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
        // Refused: stopped before this execution paused anything (a dry run never pauses). Failed: after.
        boolean refused = s.dryRun() || input.switched() == null && existing.map(RollbackRecord::phase)
                .orElse(RollbackPhase.SNAPSHOT) == RollbackPhase.SNAPSHOT;
        RollbackStatus status = refused ? RollbackStatus.REFUSED : RollbackStatus.FAILED;
        String message = s.describe() + (refused ? " refused: " : " failed: ") + failure.message() + " ("
                + failure.shortError() + "). " + gate + ", " + lock + "; active version " + pointer.activeLabel()
                + " (revision " + pointer.revision() + ")" + (restore.isPresent() ? restored
                : afterSwitch(input, pointer)) + engineText;
        if (!s.dryRun()) {
            RollbackRecord record = existing.orElseGet(() -> s.refusalRecord(before.get().pointer()));
            journal.finish(record.finished(status, pointer.revision(), now, failure.error(), message, null),
                    RollbackPhase.open());
            journal.audit(AuditPlace.COMPENSATE.entry(s.ref(), s.execution(), s.fromVersion(), s.targetVersion(), now,
                    failure.shortError() + ": " + failure.message() + (reopened ? "; gate reopened" : "")
                            + (released ? "; lock released" : "")));
        }
        return s.outcome(status, failure, message, pointer);
    }

    /** Tells the engine this execution paused to admit runs again; what it answered, for the record. */
    private String reopenEngine(EnvironmentState state, String executionId) {
        if (!Finishing.mayTouchEngine(state, executionId)) {
            return "; engine left alone (another execution holds the lock)";
        }
        try {
            engine.openAdmission(EngineCall.of(state, executionId));
            return "";
        } catch (FlowbackException e) {
            return "; the engine's admission could not be reopened (" + e.getMessage() + "): needs a person";
        }
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

    /** A field of the raw request as given, for the outcome of a request too broken to parse. */
    private static String text(CompensationInput input, String field) {
        return input.request() instanceof Map<?, ?> request && request.get(field) instanceof String value
                ? value : null;
    }

    /**
     * Whose failure this is: the ticket's execution when the snapshot step produced one, else the request's if its
     * ids parse (the target then stays unresolved: {@code targetVersion} null).
     */
    private record Subject(
            EnvironmentRef ref,
            ExecutionRef execution,
            VersionId fromVersion,
            VersionId targetVersion,
            VersionRef requestedTarget,
            boolean force,
            boolean dryRun,
            String reason,
            RollbackTrigger trigger,
            String requestedBy) {

        static Optional<Subject> of(CompensationInput input) {
            RollbackTicket t = input.ticket();
            if (t != null) {
                // A revert ticket runs from the execution's target back to its from; the execution (its record, its
                // outcome) still reads from -> target.
                return Optional.of(new Subject(t.ref(), t.execution(),
                        t.revert() ? t.targetVersion() : t.fromVersion(),
                        t.revert() ? t.fromVersion() : t.targetVersion(), t.requestedTarget(), t.force(), t.dryRun(),
                        t.reason(), t.trigger(), t.requestedBy()));
            }
            try {
                RollbackRequest r = RollbackRequest.parse(input.request());
                ExecutionRef execution = ExecutionRef.parse(input.executionId(), input.startedAt());
                return Optional.of(new Subject(r.ref(), execution, null, null, r.target(), r.force(), r.dryRun(),
                        r.reason(), r.trigger(), r.requestedBy()));
            } catch (InvalidInputException e) {
                return Optional.empty();
            }
        }

        String executionId() {
            return execution.id();
        }

        String describe() {
            return "rollback of " + ref + " to " + (targetVersion != null ? targetVersion : requestedTarget)
                    + (fromVersion != null ? " (from " + fromVersion + ")" : "");
        }

        RollbackOutcome outcome(RollbackStatus status, StepFailure failure, String message, ActivePointer pointer) {
            return new RollbackOutcome(status, message, ref.workflow().value(),
                    ref.environment().value(), execution.id(), RollbackOutcome.text(fromVersion),
                    RollbackOutcome.text(targetVersion), requestedTarget.toString(), pointer.activeLabel(),
                    pointer.revision(), reason, trigger.wireName(), requestedBy, failure.error(), null, null);
        }

        /** A record for an execution refused before the snapshot opened one, so every refusal leaves a trace. */
        RollbackRecord refusalRecord(ActivePointer pointer) {
            return new RollbackRecord(execution.id(), ref, RollbackStatus.IN_PROGRESS, RollbackPhase.SNAPSHOT,
                    pointer.activeVersion(),
                    pointer.activeSha256(), targetVersion, null, requestedTarget, reason, trigger, requestedBy, force,
                    execution.startedAt(), null, pointer.revision(), null, null, null, null);
        }
    }
}
