package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Versions.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against dynalite, started by the test on a port chosen at run time. */
class DynamoVersionCatalogTest {
    private static final String TABLE = "flowback-test";
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
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

    /** Each test works on its own workflow, so tests never see each other's items. */
    private static String freshWorkflow() {
        return "wf-" + WORKFLOWS.incrementAndGet();
    }

    @Test
    void insertThenFindRoundTripsEveryField() {
        String wf = freshWorkflow();
        VersionRecord v = version(wf, "v1.0.0", 1);
        catalog.insert(v);
        assertEquals(v, catalog.find(WorkflowId.of(wf), VersionId.of("v1.0.0")).orElseThrow());
        assertTrue(catalog.find(WorkflowId.of(wf), VersionId.of("v9.9.9")).isEmpty());
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
    void aVersionIdIsWrittenOnlyOnce() {
        String wf = freshWorkflow();
        catalog.insert(version(wf, "v1.0.0", 1, "first"));
        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> catalog.insert(version(wf, "v1.0.0", 2, "second")));
        assertTrue(e.getMessage().contains("already has a version v1.0.0"), e.getMessage());
        assertEquals(1, catalog.find(WorkflowId.of(wf), VersionId.of("v1.0.0")).orElseThrow().sequence(),
                "the first write is kept");
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
        assertEquals(Set.copyOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList()), seen);
    }

    @Test
    void historyPagesNewestFirstAcrossSeveralPages() {
        String wf = freshWorkflow();
        for (int i = 1; i <= 23; i++) {
            catalog.insert(version(wf, "v" + i, i));
        }
        List<Long> sequences = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HistoryPage page = catalog.history(WorkflowId.of(wf), 10, cursor);
            page.versions().forEach(v -> sequences.add(v.sequence()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(java.util.stream.LongStream.iterate(23, n -> n - 1).limit(23).boxed().toList(), sequences);
    }

    @Test
    void anExactlyFullLastPageHandsOutNoCursor() {
        String wf = freshWorkflow();
        for (int i = 1; i <= 4; i++) {
            catalog.insert(version(wf, "v" + i, i));
        }
        HistoryPage first = catalog.history(WorkflowId.of(wf), 2, null);
        HistoryPage second = catalog.history(WorkflowId.of(wf), 2, first.nextCursor());
        assertEquals(List.of(2L, 1L), second.versions().stream().map(VersionRecord::sequence).toList());
        assertNull(second.nextCursor());
    }

    @Test
    void aCursorFromAnotherWorkflowIsRefused() {
        String a = freshWorkflow();
        String b = freshWorkflow();
        for (int i = 1; i <= 3; i++) {
            catalog.insert(version(a, "v" + i, i));
        }
        String cursor = catalog.history(WorkflowId.of(a), 1, null).nextCursor();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> catalog.history(WorkflowId.of(b), 1, cursor));
        assertEquals("cursor", e.problems().get(0).field());
        assertThrows(InvalidInputException.class, () -> catalog.history(WorkflowId.of(a), 1, "%%%not-base64"));
    }

    @Test
    void newestBeforeAndNewestGoodBefore() {
        String wf = freshWorkflow();
        WorkflowId id = WorkflowId.of(wf);
        for (int i = 1; i <= 5; i++) {
            catalog.insert(version(wf, "v" + i, i));
        }
        assertEquals(5, catalog.newestBefore(id, Long.MAX_VALUE).orElseThrow().sequence());
        assertEquals(3, catalog.newestBefore(id, 4).orElseThrow().sequence());
        assertTrue(catalog.newestBefore(id, 1).isEmpty());

        assertTrue(catalog.newestGoodBefore(id, Long.MAX_VALUE).isEmpty());
        catalog.setStatus(id, VersionId.of("v2"), VersionStatus.GOOD);
        catalog.setStatus(id, VersionId.of("v4"), VersionStatus.GOOD);
        assertEquals("v4", catalog.newestGoodBefore(id, 5).orElseThrow().versionId().value());
        assertEquals("v2", catalog.newestGoodBefore(id, 4).orElseThrow().versionId().value());

        // Marking BAD removes the version from the sparse GOOD index.
        VersionRecord bad = catalog.setStatus(id, VersionId.of("v4"), VersionStatus.BAD);
        assertEquals(VersionStatus.BAD, bad.status());
        assertEquals("v2", catalog.newestGoodBefore(id, 5).orElseThrow().versionId().value());
    }

    @Test
    void statusOfAMissingVersionIsNotFound() {
        assertThrows(NotFoundException.class,
                () -> catalog.setStatus(WorkflowId.of(freshWorkflow()), VersionId.of("v1"), VersionStatus.GOOD));
    }

    @Test
    void findByFingerprintReturnsTheNewestWithThatContent() {
        String wf = freshWorkflow();
        catalog.insert(version(wf, "v1", 1, "same"));
        catalog.insert(version(wf, "v2", 2, "other"));
        catalog.insert(version(wf, "v3", 3, "same"));
        VersionRecord v1 = version(wf, "v1", 1, "same");
        assertEquals("v3", catalog.findByFingerprint(WorkflowId.of(wf), v1.fingerprint()).orElseThrow()
                .versionId().value());
        assertTrue(catalog.findByFingerprint(WorkflowId.of(freshWorkflow()), v1.fingerprint()).isEmpty());
    }
}
