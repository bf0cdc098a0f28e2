package dev.flowback.engine.gate;

/**
 * The definition an environment runs, as an engine needs it: the bytes exactly as published, already re-hashed
 * against the recorded SHA-256, and the pointer revision they were read at.
 */
public record ActiveDefinition(
        String workflowId,
        String environment,
        String version,
        String sha256,
        long revision,
        String format,
        byte[] bytes) {
}
