package dev.flowback.core.rollback;

import dev.flowback.core.error.DrainTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Step 3: close the admission gate, then count what is still running; and the re-count the state machine's wait
 * loop makes until the environment has drained or the drain timeout has passed.
 *
 * <p>The order is what makes the drain race-free without transactions: an engine writes its lease before it reads
 * the gate, and the pause closes the gate before it counts leases. An instance that saw the gate open wrote its
 * lease before the gate closed, so the count sees it; one that comes later sees the gate closed and withdraws.
 * The count can only over-count, briefly, an instance that is about to withdraw.
 *
 * <p>The switch back of a failed verification (policy REVERT) pauses and drains the same way: the gate was open
 * while health was checked, and instances admitted on the failed target then finish before the pointer moves back.
 */
public final class PauseStep {
    private final ChainPorts ports;

    public PauseStep(ChainPorts ports) {
        this.ports = ports;
    }

    public DrainStatus pause(RollbackTicket ticket) {
        Instant now = ports.now();
        EnvironmentState state = ports.load(ticket.workflow(), ticket.env());
        AdmissionGate gate = ports.environments().closeGate(ticket.workflow(), ticket.env(), ticket.executionId(),
                ticket.lockToken(), now, ports.leaseEnd(now));
        // From the first closing, so a replayed pause carries the same deadline.
        Instant deadline = gate.closedAt().plus(state.environment().health().drainTimeout());
        int inFlight = ports.leases().countActive(ticket.workflow(), ticket.env(), now);
        ports.audit(ticket, ChainStep.PAUSE, now, (ticket.revert() ? "before switching back: " : "")
                + "gate closed at " + gate.closedAt() + "; " + inFlight + " instance(s) in flight; drain deadline "
                + deadline);
        return status(state, deadline, inFlight, 1, now);
    }

    /** Throws DrainTimeoutException when the deadline has passed with instances in flight and force is off. */
    public DrainStatus checkDrain(RollbackTicket ticket, DrainStatus previous) {
        Instant now = ports.now();
        EnvironmentState state = ports.load(ticket.workflow(), ticket.env());
        ports.environments().renewLock(ticket.workflow(), ticket.env(), ticket.executionId(), ticket.lockToken(),
                ports.leaseEnd(now));
        Instant deadline = Instant.parse(previous.deadline());
        int inFlight = ports.leases().countActive(ticket.workflow(), ticket.env(), now);
        int checks = previous.checks() + 1;
        if (inFlight > 0 && !now.isBefore(deadline)) {
            if (!ticket.force()) {
                throw new DrainTimeoutException(inFlight + " instance(s) still in flight in " + ticket.workflowId()
                        + "/" + ticket.environment() + " after the drain timeout of "
                        + state.environment().health().drainTimeout().toSeconds() + " s (deadline " + deadline
                        + "); " + (ticket.revert() ? "switching back aborted, so " + ticket.fromVersion()
                        + " (unhealthy, marked BAD) stays live. Roll back with a new execution once they finish,"
                        + " or with force to switch while they run"
                        : "rollback aborted, nothing switched. Retry later, or with force to switch while they run"));
            }
            return new DrainStatus(deadline.toString(), inFlight, false, true, true, checks, 0);
        }
        return status(state, deadline, inFlight, checks, now);
    }

    private static DrainStatus status(EnvironmentState state, Instant deadline, int inFlight, int checks,
                                      Instant now) {
        boolean drained = inFlight == 0;
        long untilDeadline = Math.max(0, Duration.between(now, deadline).toSeconds());
        long next = drained ? 0 : Math.max(1, Math.min(state.environment().health().checkInterval().toSeconds(),
                untilDeadline));
        return new DrainStatus(deadline.toString(), inFlight, drained, false, drained, checks, next);
    }
}
