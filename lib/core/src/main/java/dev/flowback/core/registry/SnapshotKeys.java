package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;

/**
 * Where bytes live: addressed by their SHA-256, so identical content is stored once and a key can never be
 * pointed at different bytes. The two-character fan-out keeps listings of the prefix readable.
 */
public final class SnapshotKeys {
    public static final String PREFIX = "snapshots/sha256/";

    private SnapshotKeys() {
    }

    public static String forHash(ContentHash sha256) {
        return PREFIX + sha256.hex().substring(0, 2) + "/" + sha256.hex();
    }
}
