package dev.flowback.core.chain.port;

import dev.flowback.core.chain.port.EngineControl.EngineCall;

/** The engine operation check-health and finish-revert use: new runs start again. */
public interface EngineResume {

    /** New runs start again (on whatever the engine now runs). */
    void openAdmission(EngineCall call);
}
