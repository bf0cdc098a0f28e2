package dev.flowback.function.runtime;

import dev.flowback.aws.AwsSettings;
import dev.flowback.store.dynamodb.DynamoEnvironmentStore;
import dev.flowback.store.dynamodb.DynamoInstanceLeases;
import dev.flowback.store.dynamodb.DynamoRollbackJournal;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.s3.S3SnapshotStore;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.rollback.ChainPorts;
import dev.flowback.core.rollback.HealthProbe;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the chain's ports once per container: the registry over S3 and DynamoDB, the environment store, leases
 * and journal over the same table. Production and local runs differ only in the AwsSettings they pass (endpoints
 * for emulators) and the health probe, never by an "am I local" branch.
 *
 * @param log where the handlers' structured lines go
 */
public record ChainWiring(ChainPorts ports, StepLog log) {

    /** For handlers that never check health: calling the probe is a wiring mistake, said plainly. */
    public static final HealthProbe NO_HEALTH_CHECKS = environment -> {
        throw new IllegalStateException("this function is not wired to check health");
    };

    /** What a no-argument handler constructor uses in Lambda. */
    public static ChainWiring fromEnvironment(HealthProbe health) {
        return of(AwsSettings.fromEnvironment(), FunctionConfig.fromEnvironment(), health, Clock.systemUTC(),
                StepLog.standardOutput());
    }

    public static ChainWiring of(AwsSettings settings, FunctionConfig config, HealthProbe health, Clock clock,
                                 StepLog log) {
        DynamoDbClient dynamo = DynamoVersionCatalog.client(settings);
        VersionRegistry registry = new VersionRegistry(S3SnapshotStore.lazy(settings, config.bucket()),
                new DynamoVersionCatalog(dynamo, config.table()), DefinitionFormats.standard(), clock);
        return new ChainWiring(new ChainPorts(registry, new DynamoEnvironmentStore(dynamo, config.table()),
                new DynamoInstanceLeases(dynamo, config.table()), new DynamoRollbackJournal(dynamo, config.table()),
                health, clock, config.lockLease()), log);
    }
}
