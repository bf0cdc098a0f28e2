package dev.flowback.stores;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.chain.port.StartLedger;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.registry.DefinitionUploads;
import dev.flowback.core.registry.UploadLedger;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerDecisions;
import dev.flowback.store.dynamodb.DynamoAlarmMappings;
import dev.flowback.store.dynamodb.DynamoAutomationStore;
import dev.flowback.store.dynamodb.DynamoEnvironmentStore;
import dev.flowback.store.dynamodb.DynamoInstanceLeases;
import dev.flowback.store.dynamodb.DynamoRollbackJournal;
import dev.flowback.store.dynamodb.DynamoStartLedger;
import dev.flowback.store.dynamodb.DynamoTriggerDecisions;
import dev.flowback.store.dynamodb.DynamoUploadLedger;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.DynamoVersionHolds;
import dev.flowback.store.s3.S3DefinitionUploads;
import dev.flowback.store.s3.S3SnapshotStore;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Flowback's ports over S3 and DynamoDB, built in one place: the version registry over the snapshot bucket and the
 * table, and the environment store, instance leases, rollback journal, version holds and the alarm trigger's ports
 * (mappings, automation state, decisions) over the same table and one DynamoDB client. The Lambda functions, the
 * engine gate, the local sandbox and the tests all wire their stores here, so production and local runs differ only
 * in the {@link AwsSettings} they pass (endpoints for emulators), never by an "am I local" branch.
 *
 * <p>The API's stores (the start ledger, uploads and their records) are wired here too, over the same clients.
 *
 * <p>The S3 client is built on first use: most functions never read a snapshot, and the S3 client is the costliest
 * to build.
 */
public record FlowbackStores(
        VersionRegistry registry,
        EnvironmentStore environments,
        InstanceLeases leases,
        RollbackJournal journal,
        VersionHolds holds,
        AlarmMappings alarmMappings,
        AutomationStore automation,
        TriggerDecisions triggerDecisions,
        StartLedger starts,
        UploadLedger uploadLedger,
        DefinitionUploads uploads) {

    public static FlowbackStores onAws(AwsSettings settings, String table, String bucket, Clock clock) {
        DynamoDbClient dynamo = DynamoVersionCatalog.client(settings);
        Supplier<S3Client> s3 = S3SnapshotStore.lazyClient(settings);
        VersionRegistry registry = new VersionRegistry(S3SnapshotStore.over(s3, bucket),
                new DynamoVersionCatalog(dynamo, table), DefinitionFormats.standard(), clock);
        return new FlowbackStores(registry, new DynamoEnvironmentStore(dynamo, table),
                new DynamoInstanceLeases(dynamo, table), new DynamoRollbackJournal(dynamo, table),
                new DynamoVersionHolds(dynamo, table), new DynamoAlarmMappings(dynamo, table),
                new DynamoAutomationStore(dynamo, table), new DynamoTriggerDecisions(dynamo, table),
                new DynamoStartLedger(dynamo, table), new DynamoUploadLedger(dynamo, table),
                S3DefinitionUploads.over(settings, s3, bucket));
    }
}
