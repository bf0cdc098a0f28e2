package dev.flowback.core.chain.step;

import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineResume;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The last step of a revert (policy REVERT): verify found the target unhealthy and marked it BAD, the state machine
 * paused, drained and switched back with the revert ticket; this reopens the gate (and the engine's admission) on
 * the version switched back to,
 * closes the record as REVERTED, releases the lock and answers the outcome the failure event carries.
 *
 * <p>It verifies nothing: the version switched back to is the one that ran before this execution, and judging it
 * could only lead to another switch. So a revert ends here, once.
 */
public final class FinishRevertStep {
    private final EnvironmentStore environments;
    private final EngineResume engine;
    private final RollbackJournal journal;
    private final LockLease lease;

    private static final Set<RollbackPhase> REVERT_SWITCHED = StepOrder.follows(RollbackPhase.REVERT_SWITCHED);

    public FinishRevertStep(EnvironmentStore environments, EngineResume engine, RollbackJournal journal,
                            LockLease lease) {
        this.environments = environments;
        this.engine = engine;
        this.journal = journal;
        this.lease = lease;
    }

    /**
     * @param revert   the revert ticket verify handed back (from: the failed target, target: the version before)
     * @param switched the switch back
     * @param health   the verification window that failed, whose figures the outcome reports
     */
    public RollbackOutcome run(RollbackTicket revert, SwitchResult switched, HealthWindow health) {
        if (!revert.revert()) {
            throw new InvalidInputException("field.value", "ticket.revert", "finishing a revert takes the revert"
                    + " ticket verify answers with (\"revert\": true), not the ticket of " + revert.describe());
        }
        HealthReport report = health == null ? null : health.last();
        Optional<RollbackRecord> existing = journal.find(revert.ref(), revert.executionId());
        if (existing.isPresent() && existing.get().status().isFinal()) {
            return Finishing.replay(environments, engine, revert, existing.get(), report);
        }
        RollbackRecord record = existing.orElseThrow(() -> Finishing.noRecord(revert));
        if (record.phase() != RollbackPhase.REVERT_SWITCHED) {
            throw StepOrder.refused("finish-revert", revert, existing, REVERT_SWITCHED);
        }
        Instant now = lease.now();
        EnvironmentState state = environments.get(revert.ref());
        long revisionNow = state.pointer().revision();
        // Fencing: an execution that lost its lock must not close its record as if its revert stood.
        environments.renewLock(revert.ref(), revert.executionId(), revert.lockToken(), lease.endingFrom(now));
        // The revert's pause closed the gate; instances start again, on the version switched back to.
        environments.reopenGate(revert.ref(), revert.executionId());
        engine.openAdmission(EngineCall.of(state, revert.executionId()));

        long revision = switched == null ? revisionNow : switched.revision();
        int inFlight = switched == null ? 0 : switched.inFlightAtSwitch();
        String healthText = report == null ? "no health check ran" : report.summary();
        String message = "switched " + record.environment() + " from " + record.fromVersion() + " to "
                + record.targetVersion() + " but it was unhealthy (" + healthText + "); policy REVERT: drained and"
                + " switched back to " + revert.targetVersion() + " (revision " + revision + ")"
                + (inFlight > 0 ? ", forced with " + inFlight + " instance(s) still in flight" : "") + "; "
                + revert.fromVersion() + " marked BAD";
        RollbackRecord finished = record.finished(RollbackStatus.REVERTED, revision, now,
                RollbackOutcome.UNHEALTHY, message, healthText);
        if (!journal.finish(finished, REVERT_SWITCHED)) {
            throw StepOrder.refused("finish-revert", revert, journal.find(revert.ref(), revert.executionId()),
                    REVERT_SWITCHED);
        }
        environments.releaseLock(revert.ref(), revert.executionId());
        journal.audit(AuditPlace.FINISH_REVERT.entry(revert, now, RollbackStatus.REVERTED + ": "
                + revert.targetVersion() + " live again at revision " + revision + "; " + revert.fromVersion()
                + " BAD"));
        return RollbackOutcome.of(finished, environments.get(revert.ref()).pointer(), report);
    }
}
