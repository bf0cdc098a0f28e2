package dev.flowback.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.registry.SnapshotKeys;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.testing.SnapshotStoreContract;
import dev.flowback.emulators.S3ProxyEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Against S3Proxy, in-process on a port chosen at run time: the contract every snapshot store keeps, and what only
 * S3 shows (its checksum check, the lazy client, fresh puts over plain HTTP).
 */
class S3SnapshotStoreTest extends SnapshotStoreContract {
    private static final String BUCKET = "snapshots-test";
    private static S3ProxyEmulator emulator;
    private static S3Client s3;
    private static S3SnapshotStore store;

    @BeforeAll
    static void start() {
        emulator = S3ProxyEmulator.start();
        emulator.createBucket(BUCKET);
        s3 = S3SnapshotStore.client(AwsSettings.local(S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY,
                Map.of("s3", emulator.endpoint())));
        store = new S3SnapshotStore(s3, BUCKET);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytesThatDoNotMatchTheirChecksumAreRefused() {
        byte[] data = bytes("payload");
        ContentHash wrong = ContentHash.of(bytes("something else"));
        String key = SnapshotKeys.forHash(wrong);
        TransientStorageException e = assertThrows(TransientStorageException.class,
                () -> store.putIfAbsent(key, wrong, data));
        assertTrue(e.getMessage().contains("damaged in transit"), e.getMessage());
        assertThrows(NotFoundException.class, () -> store.read(key, 1024), "nothing was stored");
    }

    @Test
    void aLazyStoreBuildsItsClientOnFirstUseAndWorksTheSame() {
        S3SnapshotStore lazy = S3SnapshotStore.lazy(AwsSettings.local(S3ProxyEmulator.ACCESS_KEY,
                S3ProxyEmulator.SECRET_KEY, Map.of("s3", emulator.endpoint())), BUCKET);
        byte[] data = bytes("{\"lazy\":true}");
        ContentHash hash = ContentHash.of(data);
        assertTrue(lazy.putIfAbsent(SnapshotKeys.forHash(hash), hash, data));
        assertArrayEquals(data, store.read(SnapshotKeys.forHash(hash), 1024), "written through the lazy client");
        assertArrayEquals(data, lazy.read(SnapshotKeys.forHash(hash), 1024), "read through it");
        assertFalse(lazy.putIfAbsent(SnapshotKeys.forHash(hash), hash, data));
    }

    /**
     * Regression: with aws-chunked uploads over plain HTTP about one PUT in five failed against S3Proxy, and the
     * SDK's retry of a PUT that had landed came back 412, so a brand-new snapshot looked like an existing one.
     */
    @Test
    void everyFreshKeyIsReportedAsCreated() {
        for (int i = 0; i < 300; i++) {
            byte[] data = bytes("{\"fresh\":" + i + "}");
            ContentHash hash = ContentHash.of(data);
            assertTrue(store.putIfAbsent(SnapshotKeys.forHash(hash), hash, data), "put " + i);
        }
    }

    @Override
    protected SnapshotStore store() {
        return store;
    }
}
