package dev.flowback.engine.gate;

import java.util.Objects;

/**
 * The definition an admitted instance runs to its end: the bytes exactly as published of the version its admission
 * pinned, re-hashed and found equal to the SHA-256 the pointer recorded for it. A switch after the admission does not
 * change it: the version and hash were fixed when the gate let the instance in.
 *
 * @param format the format that reads the bytes ({@code flowback} JSON or {@code dify} DSL)
 */
public record PinnedDefinition(String workflowId, String environment, String version, String sha256, String format,
                               byte[] bytes) {
    public PinnedDefinition {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        bytes = bytes.clone();
    }

    /** A copy: instances of one version share the gate's cached bytes, so none may change them for the others. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
