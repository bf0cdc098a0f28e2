package dev.flowback.core.chain.port;

import dev.flowback.core.chain.port.EngineControl.EngineCall;

/** The engine operations the pause uses: stop new runs, then count the ones still going. */
public interface EnginePause extends EngineDrain {

    /** New runs stop starting. Runs already admitted go on; {@link #countInFlight} says how many. */
    void closeAdmission(EngineCall call);
}
