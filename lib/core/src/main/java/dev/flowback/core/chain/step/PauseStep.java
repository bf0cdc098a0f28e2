package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EnginePause;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import java.time.Instant;

/**
 * Step 3, "pause": close the admission gate, then count what is still running. The state machine then waits and
 * calls {@link CheckDrainStep} until the environment has drained or the drain timeout has passed.
 *
 * <p>Both go through the environment's engine ({@link EnginePause}): the gate item is closed first in any case, and the
 * engine told after (for an embedded engine the item is the gate; Dify switches its app's API and web app off). For
 * embedded engines the order is what makes the drain race-free without transactions: an engine writes its lease before
 * it reads the gate, and the pause closes the gate before it counts leases. An instance that saw the gate open wrote
 * its lease before the gate closed, so the count sees it; one that comes later sees the gate closed and withdraws. The
 * count can only over-count, briefly, an instance that is about to withdraw.
 *
 * <p>The switch back of a failed verification (policy REVERT) pauses and drains the same way: the gate was open
 * while health was checked, and instances admitted on the failed target then finish before the pointer moves back.
 */
public final class PauseStep {
    private final EnvironmentStore environments;
    private final EnginePause engine;
    private final RollbackJournal journal;
    private final LockLease lease;

    public PauseStep(EnvironmentStore environments, EnginePause engine, RollbackJournal journal, LockLease lease) {
        this.environments = environments;
        this.engine = engine;
        this.journal = journal;
        this.lease = lease;
    }

    public DrainStatus run(RollbackTicket ticket) {
        // The forward pause follows the snapshot, a revert's follows verify's REVERTING; each replays onto itself.
        if (ticket.revert()) {
            StepOrder.advance(journal, ticket, "pause (revert)", StepOrder.follows(RollbackPhase.REVERTING,
                    RollbackPhase.REVERT_PAUSED), RollbackPhase.REVERT_PAUSED);
        } else {
            StepOrder.advance(journal, ticket, "pause", StepOrder.follows(RollbackPhase.SNAPSHOT,
                    RollbackPhase.PAUSED), RollbackPhase.PAUSED);
        }
        Instant now = lease.now();
        EnvironmentState state = environments.get(ticket.ref());
        AdmissionGate gate = environments.closeGate(ticket.ref(), ticket.executionId(), ticket.lockToken(), now,
                lease.endingFrom(now));
        // From the first closing, so a replayed pause carries the same deadline.
        Instant deadline = gate.closedAt().plus(state.environment().rollout().drainTimeout());
        // The gate item first (embedded engines read it, and compensation knows to reopen it), then the engine.
        // The gate as the close answered it: the embedded engine confirms that without reading the item again.
        EngineCall call = EngineCall.afterWrite(new EnvironmentState(state.environment(), state.pointer(), gate,
                state.lock()), ticket.executionId());
        engine.closeAdmission(call);
        int inFlight = engine.countInFlight(call);
        journal.audit(AuditPlace.pauseOf(ticket).entry(ticket, now, (ticket.revert() ? "before switching back: " : "")
                + "gate closed at " + gate.closedAt() + "; " + inFlight + " instance(s) in flight; drain deadline "
                + deadline));
        return DrainCount.status(state, deadline, inFlight, 1, now);
    }
}
