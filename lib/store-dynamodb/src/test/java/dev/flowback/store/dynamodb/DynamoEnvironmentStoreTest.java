package dev.flowback.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.testing.EnvironmentPortsContract;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The environment item, instance leases and the journal against dynalite (no transactions there either): the port
 * contract every implementation keeps, and what only a real table shows (concurrency, what is left in the table).
 */
class DynamoEnvironmentStoreTest extends EnvironmentPortsContract {
    private static final String TABLE = "flowback-env-test";

    private static DynaliteTable table;
    private static DynamoEnvironmentStore store;
    private static DynamoInstanceLeases leases;
    private static DynamoRollbackJournal journal;

    @BeforeAll
    static void start() {
        table = DynaliteTable.start(TABLE);
        store = new DynamoEnvironmentStore(table.client, TABLE);
        leases = new DynamoInstanceLeases(table.client, TABLE);
        journal = new DynamoRollbackJournal(table.client, TABLE);
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    @Override
    protected EnvironmentStore environments() {
        return store;
    }

    @Override
    protected InstanceLeases leases() {
        return leases;
    }

    @Override
    protected RollbackJournal journal() {
        return journal;
    }

    @Test
    void concurrentAcquisitionsLetExactlyOneIn() throws Exception {
        EnvironmentRef ref = freshEnvironment();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String exec = "exec-" + i;
                Callable<Boolean> attempt = () -> {
                    try {
                        store.acquireLock(ref, exec, T0, T0.plus(LEASE));
                        return true;
                    } catch (RollbackInProgressException e) {
                        return false;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            int winners = 0;
            for (Future<Boolean> f : attempts) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aCountClearsAwayExpiredLeasesButNotRenewedOnes() {
        EnvironmentRef ref = freshEnvironment();
        leases.put(ref, "crashed-1", T0, T0.plusSeconds(60));
        leases.put(ref, "crashed-2", T0, T0.plusSeconds(60));
        leases.put(ref, "renewed", T0, T0.plusSeconds(60));
        leases.put(ref, "renewed", T0.plusSeconds(50), T0.plusSeconds(300));

        // The read-only count (a dry-run validate, whose policy cannot delete) leaves every item in place.
        assertEquals(1, leases.countActive(ref, T0.plusSeconds(61)));
        assertEquals(List.of("INST#crashed-1", "INST#crashed-2", "INST#renewed"), leaseKeys(ref), "nothing written");
        assertEquals(1, leases.countActiveClearingExpired(ref, T0.plusSeconds(61)));
        assertEquals(List.of("INST#renewed"), leaseKeys(ref), "the expired leases were deleted");
    }

    @Test
    void aDamagedItemIsAStorageFailureNamingTheAttribute() {
        EnvironmentRef ref = freshEnvironment();
        table.client.updateItem(b -> b.tableName(TABLE).key(EnvironmentItems.environmentKey(ref))
                .updateExpression("SET activeVersion = :bad")
                .expressionAttributeValues(Map.of(":bad", AttributeValue.fromS("not a version"))));
        StorageFailureException e = assertThrows(StorageFailureException.class, () -> store.find(ref));
        assertTrue(e.getMessage().contains("attribute activeVersion does not parse"), e.getMessage());
    }

    @Test
    void anItemWrittenBeforeEngineBindingsReadsAsTheEmbeddedGateAndABadAdapterIsNamed() {
        EnvironmentRef ref = freshEnvironment();
        table.client.updateItem(b -> b.tableName(TABLE).key(EnvironmentItems.environmentKey(ref))
                .updateExpression("REMOVE engineAdapter, engineSettings"));
        assertEquals(EngineBinding.EMBEDDED_GATE, store.get(ref).environment().engine());

        table.client.updateItem(b -> b.tableName(TABLE).key(EnvironmentItems.environmentKey(ref))
                .updateExpression("SET engineAdapter = :dify")
                .expressionAttributeValues(Map.of(":dify", AttributeValue.fromS("dify"))));
        StorageFailureException e = assertThrows(StorageFailureException.class, () -> store.find(ref));
        assertTrue(e.getMessage().contains("attribute engineAdapter does not parse"), e.getMessage());
    }

    @Test
    void aDifyBindingStoresTheSecretsArnAndNothingElseOfTheCredentials() {
        EnvironmentRef ref = EnvironmentRef.of("wf-env-dify-item", "prod");
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dify-console-AbCdEf";
        store.create(Environment.of(ref, "dify", "1.9.2").withEngine(EngineBinding.Dify.of(
                URI.create("https://dify.example.com"), "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", arn)), T0);
        Map<String, AttributeValue> item = table.client.getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(EnvironmentItems.environmentKey(ref))).item();
        assertEquals("dify", item.get("engineAdapter").s());
        assertEquals(Map.of("console_url", "https://dify.example.com", "app_id",
                "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "credentials_secret_arn", arn, "close", "api,site",
                "password_encoding", "base64"), item.get("engineSettings").m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, en -> en.getValue().s())));
    }

    private static List<String> leaseKeys(EnvironmentRef ref) {
        return table.client.query(b -> b.tableName(TABLE).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :inst)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(EnvironmentItems.partition(ref)),
                                ":inst", AttributeValue.fromS("INST#"))))
                .items().stream().map(item -> item.get("sk").s()).toList();
    }
}
