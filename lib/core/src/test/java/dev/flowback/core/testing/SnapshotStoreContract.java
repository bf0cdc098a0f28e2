package dev.flowback.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.registry.SnapshotKeys;
import dev.flowback.core.registry.SnapshotStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rules every snapshot store keeps (in memory for the core's tests, S3 in production). */
public abstract class SnapshotStoreContract {
    protected abstract SnapshotStore store();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesOnceAndNeverReplaces() {
        byte[] first = bytes("{\"a\":1," + System.nanoTime() + "}");
        ContentHash hash = ContentHash.of(first);
        String key = SnapshotKeys.forHash(hash);
        assertTrue(store().putIfAbsent(key, hash, first));
        assertFalse(store().putIfAbsent(key, hash, first), "second write to the same key is refused");
        byte[] other = bytes("{\"a\":2}");
        assertFalse(store().putIfAbsent(key, ContentHash.of(other), other), "create-only: never replaced");
        assertArrayEquals(first, store().read(key, 1024));
    }

    @Test
    void missingSnapshotIsNotFoundNamingTheKey() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> store().read("snapshots/sha256/00/none",
                10));
        assertTrue(e.getMessage().contains("snapshots/sha256/00/none"), e.getMessage());
    }

    @Test
    void anObjectLargerThanAskedForIsRefused() {
        byte[] big = new byte[2048];
        big[0] = (byte) System.nanoTime();
        ContentHash hash = ContentHash.of(big);
        String key = SnapshotKeys.forHash(hash);
        store().putIfAbsent(key, hash, big);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store().read(key, 1024));
        assertTrue(e.getMessage().contains("2048 bytes"), e.getMessage());
        assertEquals(2048, store().read(key, 4096).length);
    }
}
