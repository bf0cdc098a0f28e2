package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.chain.port.EngineRecovery;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.VersionRegistry;
import java.time.Instant;
import java.util.Optional;

/**
 * Compensation's answer to a switch that moved the pointer but whose apply did not take (the engine refused, could
 * not be reached, or the step died in between): the record is still in the pause's phase while the pointer's last
 * switch is this execution's. The pointer then names what the engine was never confirmed to run, so it is moved
 * back, fenced by the lock like any switch and under its own switch id ({@code {switch}#restore}, so a replay finds
 * it done), and the engine is handed the restored version's bytes if it reports running anything else.
 *
 * <p>A forward switch is restored to the version live before it; a switch back (policy REVERT) to the target it was
 * leaving, which is what the engine still runs. With nothing live before (a first deployment) there is nothing to
 * restore the pointer to: it stays, and the record says so.
 */
record PointerRestore(String switchId, VersionId applied, VersionId restoreTo, ContentHash restoreSha256) {
    static final String SUFFIX = "#restore";

    /** The restore a record in {@code phase} with the pointer's last switch {@code pointer} calls for, if any. */
    static Optional<PointerRestore> of(RollbackRecord record, ActivePointer pointer) {
        String last = pointer.lastSwitch();
        String forward = record.executionId();
        String back = forward + RollbackTicket.REVERT_SWITCH_SUFFIX;
        if (record.phase() == RollbackPhase.PAUSED && isOrRestores(last, forward)) {
            return Optional.of(new PointerRestore(forward, record.targetVersion(), record.fromVersion(),
                    record.fromSha256()));
        }
        if (record.phase() == RollbackPhase.REVERT_PAUSED && isOrRestores(last, back)) {
            return Optional.of(new PointerRestore(back, record.fromVersion(), record.targetVersion(),
                    record.targetSha256()));
        }
        return Optional.empty();
    }

    private static boolean isOrRestores(String last, String switchId) {
        return switchId.equals(last) || (switchId + SUFFIX).equals(last);
    }

    /**
     * Moves the pointer back (a no-op for a replay that finds it moved) and hands the engine the restored version
     * when it runs something else; answers what happened, for the record. Engine failures are told, not thrown:
     * compensation must finish, and the record is where a person learns what to fix.
     */
    String restore(EnvironmentStore environments, EngineRecovery engine, VersionRegistry registry,
                   EnvironmentState state, Instant now, Instant lockExpiresAt) {
        if (restoreTo == null) {
            return "; the switch to " + applied + " did not take on the engine and nothing was live before, so the"
                    + " pointer stays on " + state.pointer().activeLabel() + ": needs a person";
        }
        if (!state.lock().isHeldBy(executionId())) {
            return "; the switch to " + applied + " did not take on the engine, but this execution no longer holds"
                    + " the lock, so the pointer was left as it is (" + state.pointer().activeLabel() + ")";
        }
        environments.switchPointer(new PointerSwitch(state.environment().ref(), executionId(), state.lock().token(),
                switchId + SUFFIX, applied, restoreTo, restoreSha256, now, lockExpiresAt));
        String text = "; the switch to " + applied + " did not take on the engine, so the pointer was restored to "
                + restoreTo;
        EngineCall call = EngineCall.of(state, executionId());
        try {
            RunningVersion running = engine.running(call);
            if (restoreSha256.equals(running.sha256())) {
                return text + " (the engine still runs it)";
            }
            RunningVersion after = engine.apply(call, registry.read(state.environment().ref().workflow(),
                    restoreTo));
            return text + " and handed back to the engine (it reports " + after.label() + ")";
        } catch (FlowbackException e) {
            return text + "; the engine could not be handed it back (" + e.getMessage() + "): needs a person";
        }
    }

    /** The execution: the switch id without its revert suffix. */
    private String executionId() {
        return switchId.endsWith(RollbackTicket.REVERT_SWITCH_SUFFIX)
                ? switchId.substring(0, switchId.length() - RollbackTicket.REVERT_SWITCH_SUFFIX.length()) : switchId;
    }
}
