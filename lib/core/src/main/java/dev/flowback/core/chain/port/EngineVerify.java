package dev.flowback.core.chain.port;

import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;

/**
 * The engine operations verify uses: ask what the engine runs, to hold it against the pointer, and reopen admission
 * when no health check did.
 */
public interface EngineVerify extends EngineResume {

    /** What the engine runs now, as it reports it. */
    RunningVersion running(EngineCall call);
}
