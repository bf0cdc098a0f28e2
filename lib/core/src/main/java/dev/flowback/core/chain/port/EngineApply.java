package dev.flowback.core.chain.port;

import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.registry.VerifiedDefinition;

/** The engine operation the switch uses: hand the engine the version the pointer now names. */
public interface EngineApply {

    /**
     * Hands the engine exactly {@code target}'s bytes, already re-hashed against the SHA-256 its version records, to
     * run from now on; returns what the engine then reports it runs.
     */
    RunningVersion apply(EngineCall call, VerifiedDefinition target);
}
