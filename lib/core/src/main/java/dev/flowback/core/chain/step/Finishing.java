package dev.flowback.core.chain.step;

import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineResume;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.error.NotFoundException;

/** What the two steps that close a rollback record (verify, finish-revert) share. */
final class Finishing {
    private Finishing() {
    }

    /**
     * The record is already final: a replay. Finish what a crash may have left (gate, engine admission, lock; no-ops
     * otherwise) and answer the same.
     */
    static RollbackOutcome replay(EnvironmentStore environments, EngineResume engine, RollbackTicket ticket,
                                  RollbackRecord record, HealthReport report) {
        environments.reopenGate(ticket.ref(), ticket.executionId());
        EnvironmentState state = environments.get(ticket.ref());
        if (mayTouchEngine(state, ticket.executionId())) {
            engine.openAdmission(EngineCall.of(state, ticket.executionId()));
        }
        environments.releaseLock(ticket.ref(), ticket.executionId());
        return RollbackOutcome.of(record, environments.get(ticket.ref()).pointer(), report);
    }

    /**
     * Whether {@code executionId} may still tell the engine anything: no other execution holds the lock. An engine
     * outside Flowback has no gate item to fence with, so a late replay of a finished execution must not reopen the
     * engine another rollback has just paused.
     */
    static boolean mayTouchEngine(EnvironmentState state, String executionId) {
        return state.lock().holder() == null || state.lock().isHeldBy(executionId);
    }

    static NotFoundException noRecord(RollbackTicket ticket) {
        return new NotFoundException("no rollback record for execution " + ticket.executionId() + " in "
                + ticket.ref() + ": the snapshot step opens it, so this ticket did not come from this environment's"
                + " snapshot");
    }
}
