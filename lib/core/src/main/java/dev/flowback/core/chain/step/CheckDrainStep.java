package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineDrain;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.DrainTimeoutException;
import java.time.Instant;

/**
 * The drain loop's re-count after {@link PauseStep}: renews the lock, asks the environment's engine how many runs are
 * still in flight, and throws DrainTimeoutException once the deadline has passed with instances in flight, unless the
 * request is forced (then the switch goes ahead and records how many were still running).
 */
public final class CheckDrainStep {
    private final EnvironmentStore environments;
    private final EngineDrain engine;
    private final RollbackJournal journal;
    private final LockLease lease;

    public CheckDrainStep(EnvironmentStore environments, EngineDrain engine, RollbackJournal journal,
                          LockLease lease) {
        this.environments = environments;
        this.engine = engine;
        this.journal = journal;
        this.lease = lease;
    }

    public DrainStatus run(RollbackTicket ticket, DrainStatus previous) {
        StepOrder.require(journal, ticket, "check-drain",
                StepOrder.follows(ticket.revert() ? RollbackPhase.REVERT_PAUSED : RollbackPhase.PAUSED));
        Instant now = lease.now();
        // The renewal (fencing: LockLostException if another execution took the lock) answers the environment.
        EnvironmentState state = environments.renewLock(ticket.ref(), ticket.executionId(), ticket.lockToken(),
                lease.endingFrom(now));
        Instant deadline = previous.deadline();
        int inFlight = engine.countInFlight(EngineCall.of(state, ticket.executionId()));
        int checks = previous.checks() + 1;
        if (inFlight > 0 && !now.isBefore(deadline)) {
            if (!ticket.force()) {
                throw new DrainTimeoutException(inFlight + " instance(s) still in flight in " + ticket.ref()
                        + " after the drain timeout of " + state.environment().rollout().drainTimeout().toSeconds()
                        + " s (deadline " + deadline + "); " + (ticket.revert() ? "switching back aborted, so "
                        + ticket.fromVersion() + " (unhealthy, marked BAD) stays live. Roll back with a new execution"
                        + " once they finish, or with force to switch while they run"
                        : "rollback aborted, nothing switched. Retry later, or with force to switch while they run"));
            }
            return new DrainStatus(deadline, inFlight, false, true, true, checks, 0);
        }
        return DrainCount.status(state, deadline, inFlight, checks, now);
    }
}
