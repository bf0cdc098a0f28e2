package dev.flowback.sandbox;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.FlowbackTable;
import dev.flowback.store.s3.S3SnapshotStore;
import dev.flowback.stores.FlowbackStores;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Flowback's storage on local emulators: S3Proxy (in-process) for snapshots and dynalite (a Node child process)
 * for the table, both on loopback ports chosen at start, with the bucket and the table created and the stores wired
 * exactly as the Lambda functions wire them on AWS ({@link FlowbackStores}). Used by the local CLI, the scenario
 * tests and the registry tests; everything is gone when it closes.
 */
public final class LocalStorage implements AutoCloseable {
    public static final String TABLE = "flowback-local";
    public static final String BUCKET = "flowback-snapshots-local";

    private final S3ProxyEmulator s3Emulator;
    private final DynaliteEmulator dynamoEmulator;
    private final AwsSettings settings;
    private final DynamoDbClient dynamo;
    private final FlowbackStores stores;

    private LocalStorage(S3ProxyEmulator s3Emulator, DynaliteEmulator dynamoEmulator) {
        this.s3Emulator = s3Emulator;
        this.dynamoEmulator = dynamoEmulator;
        // Both emulators accept the same fixed local credentials.
        this.settings = AwsSettings.local(S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY,
                Map.of("s3", s3Emulator.endpoint(), "dynamodb", dynamoEmulator.endpoint()));
        this.dynamo = DynamoVersionCatalog.client(settings);
        s3Emulator.createBucket(BUCKET);
        FlowbackTable.create(dynamo, TABLE);
        this.stores = FlowbackStores.onAws(settings, TABLE, BUCKET, Clock.systemUTC());
    }

    public static LocalStorage start() {
        S3ProxyEmulator s3 = S3ProxyEmulator.start();
        try {
            return new LocalStorage(s3, DynaliteEmulator.start());
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    public VersionRegistry registry() {
        return stores.registry();
    }

    public FlowbackStores stores() {
        return stores;
    }

    public S3ProxyEmulator s3Emulator() {
        return s3Emulator;
    }

    public DynaliteEmulator dynamoEmulator() {
        return dynamoEmulator;
    }

    /** Endpoints and credentials of both emulators, for clients of the caller's own. */
    public AwsSettings settings() {
        return settings;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** An S3 client of the emulator, built as the functions build theirs: to look at or tamper with objects. */
    public S3Client s3() {
        return S3SnapshotStore.client(settings);
    }

    @Override
    public void close() {
        try {
            dynamoEmulator.close();
        } finally {
            s3Emulator.close();
        }
    }
}
