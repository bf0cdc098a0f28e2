package dev.flowback.core.registry;

/**
 * A version's bytes after they were re-hashed and found equal to the recorded SHA-256. Only the registry
 * creates one, so holding one means the check happened.
 */
public final class VerifiedDefinition {
    private final VersionRecord version;
    private final byte[] bytes;

    VerifiedDefinition(VersionRecord version, byte[] bytes) {
        this.version = version;
        this.bytes = bytes;
    }

    public VersionRecord version() {
        return version;
    }

    /** The bytes as published. The array is not copied: callers must not modify it. */
    public byte[] bytes() {
        return bytes;
    }
}
