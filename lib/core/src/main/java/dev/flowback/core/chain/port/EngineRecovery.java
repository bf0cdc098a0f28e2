package dev.flowback.core.chain.port;

/**
 * The engine operations compensation uses after a failed apply: ask what the engine runs, hand it back the version
 * the restored pointer names when it runs something else, and reopen admission.
 */
public interface EngineRecovery extends EngineVerify, EngineApply {
}
