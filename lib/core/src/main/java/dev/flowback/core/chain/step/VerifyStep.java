package dev.flowback.core.chain.step;

import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.chain.port.EngineVerify;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The verdict of step 5, "verify", on the window {@link CheckHealthStep} watched: healthy, the target becomes GOOD
 * (so it is the next last-known-good); unhealthy, the environment's {@link VerifyFailurePolicy} is applied once.
 * HOLD_AND_MARK_BAD ends the execution here: lock released, record closed. REVERT only decides: verify never moves
 * the pointer (only the switch step does), it marks the target BAD and answers REVERTING with the revert ticket, and
 * the state machine pauses, drains and switches back, then {@link FinishRevertStep} closes the record. A revert
 * ticket is never verified, so nothing here starts another verification and a failure never loops.
 *
 * <p>GOOD is earned by evidence: healthy checks that saw nothing (no health signal configured, no data, alarms in
 * INSUFFICIENT_DATA) leave the target live but UNVERIFIED, so it never becomes anyone's last-known-good. And a
 * target whose stored bytes no longer hash to what was published is not GOOD however healthy it looks: engines
 * cannot load it, so it is judged unhealthy. Nor is a target the engine does not run: verify asks the environment's
 * engine what it runs ({@link EngineVerify}) and holds that against the pointer, the single source of truth; an
 * engine running anything else (a Dify app republished by hand during the window) is judged unhealthy too.
 */
public final class VerifyStep {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final EngineVerify engine;
    private final RollbackJournal journal;
    private final LockLease lease;

    public VerifyStep(VersionRegistry registry, EnvironmentStore environments, EngineVerify engine,
                      RollbackJournal journal, LockLease lease) {
        this.registry = registry;
        this.environments = environments;
        this.engine = engine;
        this.journal = journal;
        this.lease = lease;
    }

    /** Verify follows the forward switch; REVERTING is its own decision, found again by a replay. */
    private static final Set<RollbackPhase> FOLLOWS = StepOrder.follows(RollbackPhase.SWITCHED,
            RollbackPhase.REVERTING);
    private static final Set<RollbackPhase> SWITCHED = StepOrder.follows(RollbackPhase.SWITCHED);

    public RollbackOutcome run(RollbackTicket ticket, SwitchResult switched, HealthWindow health) {
        if (ticket.revert()) {
            // The bound on REVERT: a switch back is finished by FinishRevertStep, never judged (or reverted) again.
            throw new InvalidInputException("field.value", "ticket.revert", "a revert is not verified: the switch back"
                    + " of " + ticket.describe() + " is finished by the finish-revert step");
        }
        HealthReport report = health == null ? null : health.last();
        Optional<RollbackRecord> existing = journal.find(ticket.ref(), ticket.executionId());
        if (existing.isPresent() && existing.get().status().isFinal()) {
            return Finishing.replay(environments, engine, ticket, existing.get(), report);
        }
        RollbackRecord record = existing.orElseThrow(() -> Finishing.noRecord(ticket));
        if (!FOLLOWS.contains(record.phase())) {
            throw StepOrder.refused("verify", ticket, existing, FOLLOWS);
        }
        // A replay after this verify decided REVERT decides the same: the record already says REVERTING.
        boolean decidedRevert = record.phase() == RollbackPhase.REVERTING;
        Instant now = lease.now();
        // Fencing: a step of an execution that lost its lock must not mark versions or decide a revert. The renewal
        // answers the environment; while the lock is held nobody else moves its pointer or closes its gate.
        EnvironmentState state = environments.renewLock(ticket.ref(), ticket.executionId(), ticket.lockToken(),
                lease.endingFrom(now));

        int checks = health == null ? 0 : health.checks();
        String damaged = health != null && health.healthy() && !decidedRevert ? damage(ticket, state) : null;
        String healthText = damaged != null ? damaged : report == null ? "no health check ran" : report.summary();
        long revision = switched == null ? state.pointer().revision() : switched.revision();
        RollbackStatus status;
        String error = null;
        String message;
        boolean healthy = health != null && health.healthy() && damaged == null && !decidedRevert;
        if (healthy && !(health.evidence() && state.environment().health().anyConfigured())) {
            status = RollbackStatus.UNVERIFIED;
            message = "switched " + ticket.describe() + " (revision " + revision + "); nothing judged it: "
                    + (state.environment().health().anyConfigured() ? "no health signal gave evidence over the"
                    + " window (" + healthText + ")" : "no health signal is configured")
                    + ", so " + ticket.targetVersion() + " is live but not GOOD";
        } else if (healthy) {
            registry.markStatus(ticket.workflowId(), ticket.targetVersion(), VersionStatus.GOOD);
            status = RollbackStatus.SUCCEEDED;
            message = "switched " + ticket.describe() + " (revision " + revision + "); healthy after " + checks
                    + " check(s); " + ticket.targetVersion() + " marked GOOD";
            if (ticket.trigger() == RollbackTrigger.ALARM && ticket.movesAway()) {
                // An alarm fired while it was live and health recovered once it was gone: that is the evidence
                // against it. Marking it BAD keeps it out of the next last-known-good and makes a rollback to it
                // need force.
                registry.markStatus(ticket.workflowId(), ticket.fromVersion(), VersionStatus.BAD);
                message += "; " + ticket.fromVersion() + " (live when the alarm fired) marked BAD";
            }
        } else if (decidedRevert || state.environment().rollout().onVerifyFailure() == VerifyFailurePolicy.REVERT
                && ticket.movesAway()) {
            // REVERT needs something to go back to: with nothing live before (a first deployment), or a forced switch
            // to what was already live, it holds instead.
            registry.markStatus(ticket.workflowId(), ticket.targetVersion(), VersionStatus.BAD);
            journal.recordVerdict(ticket.ref(), ticket.executionId(), FOLLOWS, RollbackPhase.REVERTING, now)
                    .orElseThrow(() -> StepOrder.refused("verify", ticket, journal.find(ticket.ref(),
                            ticket.executionId()), FOLLOWS));
            // The gate stays as CheckHealth left it (open) and the lock stays held: the revert's pause closes the
            // one and its last step releases the other. Reopening here could undo that pause on a late replay.
            journal.audit(AuditPlace.VERIFY.entry(ticket, now, RollbackStatus.REVERTING + ": " + healthText
                    + "; switching back to " + ticket.fromVersion() + " after a drain"));
            return new RollbackOutcome(RollbackStatus.REVERTING, "switched " + ticket.describe()
                    + " but it was unhealthy (" + healthText + "); policy REVERT: " + ticket.targetVersion()
                    + " marked BAD; draining, then switching back to " + ticket.fromVersion(),
                    ticket.workflowId().value(), ticket.environment().value(), ticket.executionId(),
                    ticket.fromVersion().value(), ticket.targetVersion().value(), ticket.requestedTarget().toString(),
                    state.pointer().activeLabel(), revision, ticket.reason(), ticket.trigger().wireName(),
                    ticket.requestedBy(), RollbackOutcome.UNHEALTHY, report, null,
                    ticket.revertAfter(revision));
        } else {
            registry.markStatus(ticket.workflowId(), ticket.targetVersion(), VersionStatus.BAD);
            status = RollbackStatus.HELD;
            error = RollbackOutcome.UNHEALTHY;
            message = "switched " + ticket.describe() + " but it was unhealthy (" + healthText + "); policy "
                    + "HOLD_AND_MARK_BAD: " + ticket.targetVersion() + " stays live, marked BAD; needs a person";
        }
        // CheckHealth reopened the gate already; this covers a verification that ran no check. Attempted only when
        // the renewal shows the gate still closed by this execution: otherwise its condition could only fail.
        engine.openAdmission(CheckHealthStep.reopen(environments, state, ticket.executionId()));
        // The verdict's time rides on the write that closes the record: no request of its own.
        RollbackRecord finished = record.verified(now).finished(status, revision, now, error, message, healthText);
        if (!journal.finish(finished, SWITCHED)) {
            throw StepOrder.refused("verify", ticket, journal.find(ticket.ref(), ticket.executionId()), SWITCHED);
        }
        environments.releaseLock(ticket.ref(), ticket.executionId());
        journal.audit(AuditPlace.VERIFY.entry(ticket, now, status + ": " + healthText));
        // The pointer as the renewal read it: only the lock holder (this execution, which switches nothing here)
        // moves it.
        return RollbackOutcome.of(finished, state.pointer(), report);
    }

    /**
     * Why the target is not what runs: its stored bytes no longer hash to what was published (engines cannot load
     * it), or the engine reports it runs something other than what the pointer names; null when neither.
     */
    private String damage(RollbackTicket ticket, EnvironmentState state) {
        try {
            registry.read(ticket.workflowId(), ticket.targetVersion());
        } catch (IntegrityException e) {
            return "the stored bytes of " + ticket.targetVersion() + " no longer hash to its recorded sha256, so"
                    + " engines cannot load it: " + e.getMessage();
        }
        // The pointer as the renewal answered it: only this execution, holding the lock, could have moved it.
        RunningVersion running = engine.running(EngineCall.afterWrite(state, ticket.executionId()));
        if (!running.matches(state.pointer())) {
            return "the " + state.environment().engine().adapter() + " engine runs " + running.label() + ", not "
                    + state.pointer().activeLabel() + " the pointer names";
        }
        return null;
    }
}
