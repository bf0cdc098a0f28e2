package dev.flowback.store.dynamodb;

import static dev.flowback.core.testing.Versions.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.VersionCatalog;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.testing.VersionCatalogContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The version catalog against dynalite, started by the test on a port chosen at run time: the contract every
 * catalog keeps, and what only a real table shows (concurrency).
 */
class DynamoVersionCatalogTest extends VersionCatalogContract {
    private static final String TABLE = "flowback-test";
    private static DynaliteTable table;
    private static DynamoVersionCatalog catalog;

    @BeforeAll
    static void start() {
        table = DynaliteTable.start(TABLE);
        catalog = new DynamoVersionCatalog(table.client, TABLE);
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    @Override
    protected VersionCatalog catalog() {
        return catalog;
    }

    @Test
    void aVersionWithoutNotesReadsBackWithNone() {
        String wf = freshWorkflow();
        VersionRecord v = version(wf, "v1.0.0", 1);
        VersionRecord plain = new VersionRecord(v.workflowId(), v.versionId(), v.sequence(), v.sha256(),
                v.fingerprint(), v.sizeBytes(), v.snapshotKey(), v.format(), v.author(), v.createdAt(), v.summary(),
                null, v.schemaVersion(), v.engine(), v.status(), List.of(), List.of());
        catalog.insert(plain);
        assertEquals(plain, catalog.find(v.workflowId(), v.versionId()).orElseThrow());
        assertFalse(VersionItems.toItem(plain).containsKey("notes"), "DynamoDB keeps no empty attribute");
    }

    @Test
    void damagedVersionMetadataNamesTheVersionAndTheAttribute() {
        String wf = freshWorkflow();
        VersionRecord v = version(wf, "v1.0.0", 1);
        catalog.insert(v);
        for (Map.Entry<String, String> damage : Map.of("status", "SHINY", "sha256", "not-a-hash",
                "createdAt", "yesterday").entrySet()) {
            Map<String, AttributeValue> item = new HashMap<>(VersionItems.toItem(v));
            item.put(damage.getKey(), AttributeValue.fromS(damage.getValue()));
            table.client.putItem(b -> b.tableName(TABLE).item(item));
            StorageFailureException e = assertThrows(StorageFailureException.class,
                    () -> catalog.find(v.workflowId(), v.versionId()));
            assertTrue(e.getMessage().contains("v1.0.0") && e.getMessage().contains(wf)
                    && e.getMessage().contains("attribute " + damage.getKey() + " does not parse"), e.getMessage());
        }
    }

    @Test
    void sequenceNumbersNeverRepeatUnderConcurrency() throws Exception {
        WorkflowId wf = WorkflowId.of(freshWorkflow());
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> seen.add(catalog.nextSequence(wf))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(40, seen.size());
        assertEquals(Set.copyOf(LongStream.rangeClosed(1, 40).boxed().toList()), seen);
    }
}
