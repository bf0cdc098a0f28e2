package dev.flowback.core.chain.port;

import dev.flowback.core.chain.port.EngineControl.EngineCall;

/** The engine operation the drain loop (check-drain) uses: how many admitted runs have not finished. */
public interface EngineDrain {

    /** Runs admitted before the close that have not finished yet. */
    int countInFlight(EngineCall call);
}
