package dev.flowback.core.rollback;

import dev.flowback.core.error.HealthCheckFailedException;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.rollback.EnvironmentStore.PointerSwitch;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Step 5: reopen the gate, watch health over the verification window (the state machine's wait loop calls
 * {@link #checkHealth} until a check fails or the window ends), then {@link #verify}: healthy, the target becomes
 * GOOD (so it is the next last-known-good); unhealthy, the environment's {@link VerifyFailurePolicy} is applied
 * once. Either way the lock is released and the record closed. Nothing here starts another verification, so a
 * failure never loops.
 */
public final class VerifyStep {
    /** Marks the pointer's last switch when verification switched back, so a replayed revert is recognised. */
    public static final String REVERT_SUFFIX = "#revert";

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
        HealthReport report = ports.health().check(state.environment());

        boolean first = window == null || window.checks() == 0 || window.deadline() == null;
        HealthSettings settings = state.environment().health();
        Instant deadline = first ? now.plus(settings.verificationWindow()) : Instant.parse(window.deadline());
        boolean healthy = report.healthy() && (first || window.healthy());
        boolean done = !healthy || !now.isBefore(deadline);
        long next = done ? 0 : Math.max(1, Math.min(settings.checkInterval().toSeconds(),
                Duration.between(now, deadline).toSeconds()));
        return new HealthWindow(first ? 1 : window.checks() + 1, deadline.toString(), healthy, done, next, report);
    }

    public RollbackOutcome verify(RollbackTicket ticket, SwitchResult switched, HealthWindow health) {
        Optional<RollbackRecord> existing = ports.journal().find(ticket.workflow(), ticket.env(),
                ticket.executionId());
        if (existing.isPresent() && existing.get().status().isFinal()) {
            return replay(ticket, existing.get(), health);
        }
        RollbackRecord record = existing.orElseThrow(() -> new IllegalStateException("no rollback record for "
                + ticket.executionId() + ": the snapshot step opens it"));
        Instant now = ports.now();
        EnvironmentState state = ports.load(ticket.workflow(), ticket.env());
        // Fencing: a step of an execution that lost its lock must not mark versions or switch back.
        ports.environments().renewLock(ticket.workflow(), ticket.env(), ticket.executionId(), ticket.lockToken(),
                ports.leaseEnd(now));
        ports.environments().reopenGate(ticket.workflow(), ticket.env(), ticket.executionId());

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
        } else if (state.environment().health().onVerifyFailure() == VerifyFailurePolicy.REVERT
                && ticket.from() != null) {
            revision = ports.environments().switchPointer(new PointerSwitch(ticket.workflow(), ticket.env(),
                    ticket.executionId(), ticket.lockToken(), ticket.executionId() + REVERT_SUFFIX, ticket.target(),
                    ticket.from(), ticket.fromSha256(), now, ports.leaseEnd(now))).pointer().revision();
            ports.registry().markStatus(ticket.workflow(), ticket.target(), VersionStatus.BAD);
            status = RollbackStatus.REVERTED;
            error = HealthCheckFailedException.class.getName();
            message = "switched " + ticket.describe() + " but it was unhealthy (" + healthText + "); policy REVERT:"
                    + " switched back to " + ticket.fromVersion() + " (revision " + revision + ") and marked "
                    + ticket.targetVersion() + " BAD";
        } else {
            ports.registry().markStatus(ticket.workflow(), ticket.target(), VersionStatus.BAD);
            status = RollbackStatus.HELD;
            error = HealthCheckFailedException.class.getName();
            message = "switched " + ticket.describe() + " but it was unhealthy (" + healthText + "); policy "
                    + "HOLD_AND_MARK_BAD: " + ticket.targetVersion() + " stays live, marked BAD; needs a person";
        }
        RollbackRecord finished = record.finished(status, revision, now.toString(), error, message, healthText);
        ports.journal().finish(finished);
        ports.environments().releaseLock(ticket.workflow(), ticket.env(), ticket.executionId());
        ports.audit(ticket, ChainStep.VERIFY, now, status + ": " + healthText);
        EnvironmentState after = ports.load(ticket.workflow(), ticket.env());
        return RollbackOutcome.of(finished, after.pointer(), report);
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
