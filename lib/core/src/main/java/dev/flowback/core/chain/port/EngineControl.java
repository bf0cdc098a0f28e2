package dev.flowback.core.chain.port;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.util.Objects;

/**
 * Outgoing port: the engine that runs an environment's workflow, as the chain moves it. Pause closes admission and
 * counts in-flight runs until they drain; switch hands the engine the target's bytes; verify reopens admission and
 * checks that what the engine runs is what the pointer names. The pointer (EnvironmentStore) stays the single source
 * of truth of what should run: the engine is told, and asked, never trusted to remember.
 *
 * <p>Which engine, and how to reach it, is the environment's {@link EngineBinding}; one adapter per kind (the
 * embedded gate, Dify's console API, the webhook protocol), chosen by the binding. Every operation may be repeated
 * with the same call (Step Functions retries a step, compensation replays): closing a closed engine, opening an open
 * one, or applying the version already running changes nothing. Adapters throw EngineUnavailableException when the
 * engine could not answer now (retried) and EngineRefusedException when it said no (compensated at once).
 *
 * <p>Each step takes only the operations it uses: {@link EnginePause} (pause), {@link EngineDrain} (check-drain),
 * {@link EngineApply} (switch), {@link EngineResume} (check-health, finish-revert), {@link EngineVerify} (verify),
 * {@link EngineRecovery} (compensate). This interface is what an adapter implements: all of them.
 */
public interface EngineControl extends EnginePause, EngineRecovery {

    /**
     * One call to the engine of one environment.
     *
     * @param engine      the environment's binding: which adapter, and its settings
     * @param executionId the rollback execution making the call, so an engine (or its log) can tell one rollback's
     *                    calls from another's, and a replay from a new request
     * @param written     the environment item as the step's own conditional write just answered it (the write's
     *                    returned item), or null: the embedded gate confirms against it instead of reading the item
     *                    again (see {@link #afterWrite})
     */
    record EngineCall(EnvironmentRef environment, EngineBinding engine, String executionId,
                      EnvironmentState written) {
        public EngineCall {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(executionId, "executionId");
        }

        public EngineCall(EnvironmentRef environment, EngineBinding engine, String executionId) {
            this(environment, engine, executionId, null);
        }

        /** A call of {@code executionId} to the engine {@code state}'s environment is bound to. */
        public static EngineCall of(EnvironmentState state, String executionId) {
            return new EngineCall(state.environment().ref(), state.environment().engine(), executionId);
        }

        /**
         * The same call, carrying {@code written}: the item exactly as the step's own conditional write (the gate's
         * close or reopen, the pointer's switch, the lock's renewal) answered it, atomically with that write. An
         * adapter that only confirms the item (the embedded gate) needs no read of its own then.
         */
        public static EngineCall afterWrite(EnvironmentState written, String executionId) {
            return new EngineCall(written.environment().ref(), written.environment().engine(), executionId, written);
        }
    }

    /**
     * What an engine runs: the Flowback version and the SHA-256 of the bytes it was given, when the engine can say;
     * both null when it runs something Flowback did not hand it (a Dify app published by hand) or nothing at all.
     *
     * @param description how the engine answered, in a few words, for the audit trail and error messages
     */
    record RunningVersion(VersionId version, ContentHash sha256, String description) {
        public RunningVersion {
            Objects.requireNonNull(description, "description");
        }

        public static RunningVersion unknown(String description) {
            return new RunningVersion(null, null, description);
        }

        /** The engine runs the bytes the pointer names: same SHA-256 (the version id alone could be reused). */
        public boolean matches(ActivePointer pointer) {
            return sha256 != null && sha256.equals(pointer.activeSha256());
        }

        public String label() {
            return version == null ? "(not a Flowback version: " + description + ")"
                    : version + " (sha256 " + (sha256 == null ? "unknown" : sha256.hex().substring(0, 12)) + ")";
        }
    }
}
