package dev.flowback.core.chain.step;

import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineResume;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.chain.port.RollbackJournal;
import java.time.Duration;
import java.time.Instant;

/**
 * The first half of step 5, "verify": reopen the gate and check health once; the state machine waits and calls it
 * again until a check fails or the verification window ends, then {@link VerifyStep} gives the verdict. The first
 * check also tells the environment's engine to admit runs again ({@link EngineResume}); a replay of it tells it again,
 * which changes nothing.
 */
public final class CheckHealthStep {
    private final EnvironmentStore environments;
    private final EngineResume engine;
    private final RollbackJournal journal;
    private final HealthProbe health;
    private final LockLease lease;

    public CheckHealthStep(EnvironmentStore environments, EngineResume engine, RollbackJournal journal,
                           HealthProbe health, LockLease lease) {
        this.environments = environments;
        this.engine = engine;
        this.journal = journal;
        this.health = health;
        this.lease = lease;
    }

    public HealthWindow run(RollbackTicket ticket, HealthWindow window) {
        // Only after this execution's forward switch: before it, reopening the gate would undo the pause.
        RollbackRecord record = StepOrder.require(journal, ticket, "check-health",
                StepOrder.follows(RollbackPhase.SWITCHED));
        Instant now = lease.now();
        // The renewal (fencing) answers the environment as it stands under the lock: no read of its own.
        EnvironmentState state = environments.renewLock(ticket.ref(), ticket.executionId(), ticket.lockToken(),
                lease.endingFrom(now));
        // New instances start on the target from here on: health is measured with traffic. Only this execution
        // closes the gate while it holds the lock, so a gate the renewal shows open stays open without a write
        // (the checks after the first found it open and failed the reopen's condition every time).
        EngineCall call = reopen(environments, state, ticket.executionId());
        boolean first = window == null || window.notStarted();
        if (first) {
            engine.openAdmission(call);
        }

        // Health is judged on evidence from after the switch: the switch step recorded its time on the rollback
        // record, and the window carries it from the first check on.
        Instant switchedAt = !first && window.switchedAt() != null ? window.switchedAt() : record.switchedAt();
        RolloutPolicy rollout = state.environment().rollout();
        // No settle delay before the first check: it reopens the gate, so it runs at once, and pre-switch evidence
        // cannot fail it (metrics start at the switch, alarms still in ALARM from before it are only pending).
        Instant deadline = first ? switchedAt.plus(rollout.verificationWindow()) : window.deadline();
        boolean windowOver = !now.isBefore(deadline);
        HealthReport seen = health.check(new HealthQuery(ticket.ref(), state.environment().health(), switchedAt));
        // On the last check an alarm still pending from before the switch had the whole window to recover: it fails.
        HealthReport report = windowOver ? HealthRules.windowOver(seen) : seen;
        boolean healthy = report.healthy() && (first || window.healthy());
        // With no health signal configured there is nothing to wait for: the window ends at once and the verdict is
        // UNVERIFIED (the target stays live but never becomes last-known-good), not a 10-minute wait watching nothing.
        boolean watching = state.environment().health().anyConfigured();
        boolean done = !healthy || windowOver || !watching;
        // Rounded up: truncating left the window a second short at its last full interval, so every window ended
        // with one extra check (and three state transitions) a second before its deadline.
        long next = done ? 0 : Math.max(1, Math.min(rollout.checkInterval().toSeconds(),
                secondsUntil(now, deadline)));
        boolean evidence = report.evidence() || (!first && window.evidence());
        return new HealthWindow(first ? 1 : window.checks() + 1, deadline, healthy, done, next, report, switchedAt,
                evidence);
    }

    /**
     * Reopens the gate if {@code state} (a renewal's answer) shows it closed by {@code executionId}; the engine call
     * then carries the item as that reopen left it, so the embedded engine's confirmation reads nothing. A reopen
     * whose condition failed all the same leaves the call without it (the engine reads the item).
     */
    static EngineCall reopen(EnvironmentStore environments, EnvironmentState state, String executionId) {
        if (!state.gate().isClosed() || !executionId.equals(state.gate().closedBy())) {
            return EngineCall.afterWrite(state, executionId);
        }
        if (environments.reopenGate(state.environment().ref(), executionId)) {
            return EngineCall.afterWrite(new EnvironmentState(state.environment(), state.pointer(),
                    AdmissionGate.OPEN, state.lock()), executionId);
        }
        return EngineCall.of(state, executionId);
    }

    /** Whole seconds from {@code now} until {@code deadline}, rounded up (a Wait state takes whole seconds). */
    static long secondsUntil(Instant now, Instant deadline) {
        long millis = Duration.between(now, deadline).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
