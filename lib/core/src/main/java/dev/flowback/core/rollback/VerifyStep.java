package dev.flowback.core.rollback;

import dev.flowback.core.error.HealthCheckFailedException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.registry.VersionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Step 5: reopen the gate, watch health over the verification window (the state machine's wait loop calls
 * {@link #checkHealth} until a check fails or the window ends), then {@link #verify}: healthy, the target becomes
 * GOOD (so it is the next last-known-good); unhealthy, the environment's {@link VerifyFailurePolicy} is applied
 * once. HOLD_AND_MARK_BAD ends the execution here: lock released, record closed. REVERT only decides: Verify never
 * moves the pointer (only the switch step does), it marks the target BAD and answers REVERTING with the revert
 * ticket, and the state machine pauses, drains and switches back, then {@link RevertStep} closes the record. A
 * revert ticket is never verified, so nothing here starts another verification and a failure never loops.
 */
public final class VerifyStep {
    private final ChainPorts ports;

    public VerifyStep(ChainPorts ports) {
        this.ports = ports;
    }

    public HealthWindow checkHealth(RollbackTicket ticket, HealthWindow window) {
        Instant now = ports.now();
        EnvironmentState state = ports.load(ticket.workflow(), ticket.env());
        ports.environments().renewLock(ticket.workflow(), ticket.env(), ticket.executionId(), ticket.lockToken(),
                ports.leaseEnd(now));
        // New instances start on the target from here on: health is measured with traffic.
        ports.environments().reopenGate(ticket.workflow(), ticket.env(), ticket.executionId());

        boolean first = window == null || window.checks() == 0 || window.deadline() == null;
        // Health is judged on evidence from after the switch: the Switch step recorded its time on the rollback
        // record, the first check looks it up once and the window carries it. Without one (no switch recorded: a
        // hand-made invocation) the first check's time stands in: later, so it can only discount more evidence.
        Instant switchedAt = !first && window.switchedAt() != null ? Instant.parse(window.switchedAt())
                : ports.journal().find(ticket.workflow(), ticket.env(), ticket.executionId())
                        .map(RollbackRecord::switchedAt).map(Instant::parse).orElse(now);
        HealthSettings settings = state.environment().health();
        // No settle delay before the first check: it reopens the gate, so it runs at once, and pre-switch evidence
        // cannot fail it (metrics start at the switch, alarms still in ALARM from before it are only pending).
        Instant deadline = first ? switchedAt.plus(settings.verificationWindow()) : Instant.parse(window.deadline());
        boolean windowOver = !now.isBefore(deadline);
        HealthReport seen = ports.health().check(new HealthQuery(state.environment(), switchedAt));
        // On the last check an alarm still pending from before the switch had the whole window to recover: it fails.
        HealthReport report = windowOver ? HealthRules.windowOver(seen) : seen;
        boolean healthy = report.healthy() && (first || window.healthy());
        boolean done = !healthy || windowOver;
        long next = done ? 0 : Math.max(1, Math.min(settings.checkInterval().toSeconds(),
                Duration.between(now, deadline).toSeconds()));
        return new HealthWindow(first ? 1 : window.checks() + 1, deadline.toString(), healthy, done, next, report,
                switchedAt.toString());
    }

    public RollbackOutcome verify(RollbackTicket ticket, SwitchResult switched, HealthWindow health) {
        if (ticket.revert()) {
            // The bound on REVERT: a switch back is finished by RevertStep, never judged (and never reverted) again.
            throw new InvalidInputException("field.value", "ticket.revert", "a revert is not verified: the switch back"
                    + " of " + ticket.describe() + " is finished by the finish-revert step");
        }
        Optional<RollbackRecord> existing = ports.journal().find(ticket.workflow(), ticket.env(),
                ticket.executionId());
        if (existing.isPresent() && existing.get().status().isFinal()) {
            return replay(ticket, existing.get(), health);
        }
        RollbackRecord record = existing.orElseThrow(() -> new NotFoundException("no rollback record for execution "
                + ticket.executionId() + " in " + ticket.workflowId() + "/" + ticket.environment()
                + ": the snapshot step opens it, so this ticket did not come from this environment's snapshot"));
        Instant now = ports.now();
        EnvironmentState state = ports.load(ticket.workflow(), ticket.env());
        // Fencing: a step of an execution that lost its lock must not mark versions or decide a revert.
        ports.environments().renewLock(ticket.workflow(), ticket.env(), ticket.executionId(), ticket.lockToken(),
                ports.leaseEnd(now));

        HealthReport report = health == null ? null : health.last();
        int checks = health == null ? 0 : health.checks();
        String healthText = report == null ? "no health check ran" : report.summary();
        long revision = switched == null ? state.pointer().revision() : switched.revision();
        RollbackStatus status;
        String error = null;
        String message;
        if (health != null && health.healthy()) {
            ports.registry().markStatus(ticket.workflow(), ticket.target(), VersionStatus.GOOD);
            status = RollbackStatus.SUCCEEDED;
            message = "switched " + ticket.describe() + " (revision " + revision + "); healthy after " + checks
                    + " check(s); " + ticket.targetVersion() + " marked GOOD";
            if (rolledAwayOnAlarm(ticket)) {
                // An alarm fired while it was live and health recovered once it was gone: that is the evidence
                // against it. Marking it BAD keeps it out of the next last-known-good and makes a rollback to it
                // need force.
                ports.registry().markStatus(ticket.workflow(), ticket.from(), VersionStatus.BAD);
                message += "; " + ticket.fromVersion() + " (live when the alarm fired) marked BAD";
            }
        } else if (revertible(ticket, state)) {
            ports.registry().markStatus(ticket.workflow(), ticket.target(), VersionStatus.BAD);
            // The gate stays as CheckHealth left it (open) and the lock stays held: the revert's pause closes the
            // one and its last step releases the other. Reopening here could undo that pause on a late replay.
            ports.audit(ticket, ChainStep.VERIFY, now, RollbackStatus.REVERTING + ": " + healthText
                    + "; switching back to " + ticket.fromVersion() + " after a drain");
            return new RollbackOutcome(RollbackStatus.REVERTING, "switched " + ticket.describe()
                    + " but it was unhealthy (" + healthText + "); policy REVERT: " + ticket.targetVersion()
                    + " marked BAD; draining, then switching back to " + ticket.fromVersion(), ticket.workflowId(),
                    ticket.environment(), ticket.executionId(), ticket.fromVersion(), ticket.targetVersion(),
                    ticket.requestedTarget(), state.pointer().activeLabel(), revision, ticket.reason(),
                    ticket.trigger(), ticket.requestedBy(), HealthCheckFailedException.class.getName(), report, null,
                    ticket.revertAfter(revision));
        } else {
            ports.registry().markStatus(ticket.workflow(), ticket.target(), VersionStatus.BAD);
            status = RollbackStatus.HELD;
            error = HealthCheckFailedException.class.getName();
            message = "switched " + ticket.describe() + " but it was unhealthy (" + healthText + "); policy "
                    + "HOLD_AND_MARK_BAD: " + ticket.targetVersion() + " stays live, marked BAD; needs a person";
        }
        // CheckHealth reopened the gate already; this covers a verification that ran no check.
        ports.environments().reopenGate(ticket.workflow(), ticket.env(), ticket.executionId());
        RollbackRecord finished = record.finished(status, revision, now.toString(), error, message, healthText);
        ports.journal().finish(finished);
        ports.environments().releaseLock(ticket.workflow(), ticket.env(), ticket.executionId());
        ports.audit(ticket, ChainStep.VERIFY, now, status + ": " + healthText);
        EnvironmentState after = ports.load(ticket.workflow(), ticket.env());
        return RollbackOutcome.of(finished, after.pointer(), report);
    }

    /**
     * REVERT needs something to go back to: with nothing live before (a first deployment), or a forced switch to
     * what was already live, it holds instead.
     */
    private static boolean revertible(RollbackTicket ticket, EnvironmentState state) {
        return state.environment().health().onVerifyFailure() == VerifyFailurePolicy.REVERT && ticket.from() != null
                && !ticket.fromVersion().equals(ticket.targetVersion());
    }

    private static boolean rolledAwayOnAlarm(RollbackTicket ticket) {
        return RollbackTrigger.ALARM.wireName().equals(ticket.trigger()) && ticket.from() != null
                && !ticket.fromVersion().equals(ticket.targetVersion());
    }

    /** Already verified: finish what a crash may have left (gate, lock; both no-ops otherwise) and answer the same. */
    private RollbackOutcome replay(RollbackTicket ticket, RollbackRecord record, HealthWindow health) {
        ports.environments().reopenGate(ticket.workflow(), ticket.env(), ticket.executionId());
        ports.environments().releaseLock(ticket.workflow(), ticket.env(), ticket.executionId());
        EnvironmentState state = ports.load(ticket.workflow(), ticket.env());
        return RollbackOutcome.of(record, state.pointer(), health == null ? null : health.last());
    }
}
