package dev.flowback.core.chain;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.registry.VerifiedDefinition;
import java.time.Clock;

/**
 * The engine port for engines that embed Flowback's gate client (lib/engine-gate): today's behaviour, written as an
 * adapter. Such an engine reads the very gate and pointer the chain writes (see {@link EngineAdmission}): admission
 * is the environment item's gate, in-flight runs are its unexpired instance leases, and what it runs is the pointer,
 * which each admission reads and pins its instance to. So there is nothing to push: the pause's gate write closes
 * admission, the switch's pointer write is the apply, the check-health reopen opens it.
 *
 * <p>What this adapter does is confirm that those writes are in place, so a chain that called the port in the wrong
 * order, or an execution that lost its lock, fails here instead of draining or verifying something that is not so:
 * closing confirms the gate is closed by this execution; applying confirms the pointer names the target's version and
 * SHA-256; opening confirms this execution no longer holds the gate closed.
 */
public final class EmbeddedGateEngine implements EngineControl {
    private final EnvironmentStore environments;
    private final InstanceLeases leases;
    private final Clock clock;

    public EmbeddedGateEngine(EnvironmentStore environments, InstanceLeases leases, Clock clock) {
        this.environments = environments;
        this.leases = leases;
        this.clock = clock;
    }

    @Override
    public void closeAdmission(EngineCall call) {
        AdmissionGate gate = item(call).gate();
        if (!gate.isClosed() || !call.executionId().equals(gate.closedBy())) {
            throw new LockLostException("the gate of " + call.environment() + " is " + (gate.isClosed()
                    ? "closed by " + gate.closedBy() : "open") + ", not closed by " + call.executionId()
                    + ": embedded engines would go on admitting instances");
        }
    }

    @Override
    public int countInFlight(EngineCall call) {
        // Clearing what crashed engines left behind keeps the drain loop's count cheap (the pause calls this
        // repeatedly).
        return leases.countActiveClearingExpired(call.environment(), clock.instant());
    }

    @Override
    public RunningVersion apply(EngineCall call, VerifiedDefinition target) {
        ActivePointer pointer = item(call).pointer();
        if (!target.version().versionId().equals(pointer.activeVersion())
                || !target.version().sha256().equals(pointer.activeSha256())) {
            throw new EngineRefusedException("embedded engines of " + call.environment() + " run what the pointer"
                    + " names, and it names " + pointer.activeLabel() + ", not " + target.version().versionId()
                    + ": the pointer moves first, then the engine is told");
        }
        return running(pointer);
    }

    @Override
    public void openAdmission(EngineCall call) {
        EnvironmentState state = item(call);
        if (state.gate().isClosed() && call.executionId().equals(state.gate().closedBy())) {
            throw new EngineRefusedException("the gate of " + call.environment() + " is still closed by "
                    + call.executionId() + ": reopen the gate item first, embedded engines read nothing else");
        }
    }

    @Override
    public RunningVersion running(EngineCall call) {
        return running(item(call).pointer());
    }

    /**
     * The environment item as the call's step last wrote it (its conditional write's answer, atomic with the write),
     * else as it is now: either way the item the confirmation is about.
     */
    private EnvironmentState item(EngineCall call) {
        return call.written() != null ? call.written() : environments.get(call.environment());
    }

    private static RunningVersion running(ActivePointer pointer) {
        if (pointer.activeVersion() == null) {
            return RunningVersion.unknown("nothing is live: embedded engines have no definition to start an"
                    + " instance on");
        }
        return new RunningVersion(pointer.activeVersion(), pointer.activeSha256(), "the pointer each admission"
                + " reads and pins its instance to (revision " + pointer.revision() + ")");
    }
}
