package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;

/** Outgoing port: immutable, content-addressed storage of published bytes (S3 in production). */
public interface SnapshotStore {
    /**
     * Writes {@code bytes} at {@code key} only if nothing is there yet, sending {@code sha256} so the store
     * rejects bytes damaged in transit.
     *
     * @return true when written now, false when an object already existed at the key (it is left untouched)
     */
    boolean putIfAbsent(String key, ContentHash sha256, byte[] bytes);

    /**
     * Reads the object at {@code key}. Throws {@code NotFoundException} when absent and
     * {@code InvalidInputException} when larger than {@code maxBytes}. The caller verifies the hash.
     */
    byte[] read(String key, long maxBytes);
}
