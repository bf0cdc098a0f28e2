package dev.flowback.core.testing;

import static dev.flowback.core.testing.Versions.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.VersionCatalog;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The rules every version catalog keeps (in memory for the core's tests, DynamoDB in production); both run this
 * suite, so the registry's tests on the one hold for the other.
 */
public abstract class VersionCatalogContract {
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    protected abstract VersionCatalog catalog();

    /** Each test works on its own workflow, so tests never see each other's items. */
    protected static String freshWorkflow() {
        return "wf-catalog-" + WORKFLOWS.incrementAndGet();
    }

    @Test
    void insertThenFindRoundTripsEveryField() {
        String wf = freshWorkflow();
        VersionRecord v = version(wf, "v1.0.0", 1);
        catalog().insert(v);
        assertEquals(v, catalog().find(WorkflowId.of(wf), VersionId.of("v1.0.0")).orElseThrow());
        assertTrue(catalog().find(WorkflowId.of(wf), VersionId.of("v9.9.9")).isEmpty());
    }

    @Test
    void aVersionIdIsWrittenOnlyOnce() {
        String wf = freshWorkflow();
        catalog().insert(version(wf, "v1.0.0", 1, "first"));
        assertThrows(VersionConflictException.class, () -> catalog().insert(version(wf, "v1.0.0", 2, "second")));
        assertEquals(1, catalog().find(WorkflowId.of(wf), VersionId.of("v1.0.0")).orElseThrow().sequence(),
                "the first write is kept");
    }

    @Test
    void sequenceNumbersCountUpPerWorkflow() {
        WorkflowId a = WorkflowId.of(freshWorkflow());
        WorkflowId b = WorkflowId.of(freshWorkflow());
        assertEquals(List.of(1L, 2L, 1L), List.of(catalog().nextSequence(a), catalog().nextSequence(a),
                catalog().nextSequence(b)));
    }

    @Test
    void historyPagesNewestFirstAcrossSeveralPages() {
        String wf = freshWorkflow();
        for (int i = 1; i <= 23; i++) {
            catalog().insert(version(wf, "v" + i, i));
        }
        List<Long> sequences = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HistoryPage page = catalog().history(WorkflowId.of(wf), 10, cursor);
            page.versions().forEach(v -> sequences.add(v.sequence()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(LongStream.iterate(23, n -> n - 1).limit(23).boxed().toList(), sequences);
    }

    @Test
    void anExactlyFullLastPageHandsOutNoCursor() {
        String wf = freshWorkflow();
        for (int i = 1; i <= 4; i++) {
            catalog().insert(version(wf, "v" + i, i));
        }
        HistoryPage first = catalog().history(WorkflowId.of(wf), 2, null);
        HistoryPage second = catalog().history(WorkflowId.of(wf), 2, first.nextCursor());
        assertEquals(List.of(2L, 1L), second.versions().stream().map(VersionRecord::sequence).toList());
        assertNull(second.nextCursor());
    }

    @Test
    void aCursorFromAnotherWorkflowOrNoCursorAtAllIsRefused() {
        String a = freshWorkflow();
        String b = freshWorkflow();
        for (int i = 1; i <= 3; i++) {
            catalog().insert(version(a, "v" + i, i));
        }
        String cursor = catalog().history(WorkflowId.of(a), 1, null).nextCursor();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> catalog().history(WorkflowId.of(b), 1, cursor));
        assertEquals("cursor", e.problems().get(0).field());
        assertThrows(InvalidInputException.class, () -> catalog().history(WorkflowId.of(a), 1, "%%%not-a-cursor"));
    }

    @Test
    void newestBeforeAndNewestGoodBefore() {
        String wf = freshWorkflow();
        WorkflowId id = WorkflowId.of(wf);
        for (int i = 1; i <= 5; i++) {
            catalog().insert(version(wf, "v" + i, i));
        }
        assertEquals(5, catalog().newestBefore(id, Long.MAX_VALUE).orElseThrow().sequence());
        assertEquals(3, catalog().newestBefore(id, 4).orElseThrow().sequence());
        assertTrue(catalog().newestBefore(id, 1).isEmpty());

        assertTrue(catalog().newestGoodBefore(id, Long.MAX_VALUE).isEmpty());
        catalog().setStatus(id, VersionId.of("v2"), VersionStatus.GOOD);
        catalog().setStatus(id, VersionId.of("v4"), VersionStatus.GOOD);
        assertEquals("v4", catalog().newestGoodBefore(id, 5).orElseThrow().versionId().value());
        assertEquals("v2", catalog().newestGoodBefore(id, 4).orElseThrow().versionId().value());

        VersionRecord bad = catalog().setStatus(id, VersionId.of("v4"), VersionStatus.BAD);
        assertEquals(VersionStatus.BAD, bad.status());
        assertEquals("v2", catalog().newestGoodBefore(id, 5).orElseThrow().versionId().value(),
                "a version marked BAD is no longer good");
    }

    @Test
    void statusOfAMissingVersionIsNotFound() {
        assertThrows(NotFoundException.class, () -> catalog().setStatus(WorkflowId.of(freshWorkflow()),
                VersionId.of("v1"), VersionStatus.GOOD));
    }

    @Test
    void findByFingerprintReturnsTheNewestWithThatContent() {
        String wf = freshWorkflow();
        catalog().insert(version(wf, "v1", 1, "same"));
        catalog().insert(version(wf, "v2", 2, "other"));
        catalog().insert(version(wf, "v3", 3, "same"));
        VersionRecord v1 = version(wf, "v1", 1, "same");
        assertEquals("v3", catalog().findByFingerprint(WorkflowId.of(wf), v1.fingerprint()).orElseThrow()
                .versionId().value());
        assertTrue(catalog().findByFingerprint(WorkflowId.of(freshWorkflow()), v1.fingerprint()).isEmpty());
    }

    @Test
    void aFingerprintIsClaimedByOnePublishAtATime() {
        WorkflowId wf = WorkflowId.of(freshWorkflow());
        VersionRecord v1 = version(wf.value(), "v1", 1, "claimed");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant longAgo = t0.minusSeconds(3600);
        assertEquals(Optional.empty(), catalog().claimFingerprint(wf, v1.fingerprint(), v1.versionId(), t0, longAgo));
        assertEquals(Optional.empty(), catalog().claimFingerprint(wf, v1.fingerprint(), v1.versionId(), t0, longAgo),
                "a replay of the holder's own claim is the holder's");
        assertEquals(Optional.of(VersionId.of("v1")), catalog().claimFingerprint(wf, v1.fingerprint(),
                VersionId.of("v2"), t0, longAgo), "another claimant is told who holds it");

        catalog().releaseFingerprint(wf, v1.fingerprint(), VersionId.of("v2"));
        assertEquals(Optional.of(VersionId.of("v1")), catalog().claimFingerprint(wf, v1.fingerprint(),
                VersionId.of("v2"), t0, longAgo), "only the holder can give the claim back");
        catalog().releaseFingerprint(wf, v1.fingerprint(), VersionId.of("v1"));
        assertEquals(Optional.empty(), catalog().claimFingerprint(wf, v1.fingerprint(), VersionId.of("v2"), t0,
                longAgo), "given back, it can be claimed");
    }

    @Test
    void aStaleClaimIsTakenOverOnlyWhenItsVersionWasNeverWritten() {
        WorkflowId wf = WorkflowId.of(freshWorkflow());
        VersionRecord crashed = version(wf.value(), "v1", 1, "crashed");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        catalog().claimFingerprint(wf, crashed.fingerprint(), VersionId.of("v1"), t0, t0.minusSeconds(120));
        assertEquals(Optional.of(VersionId.of("v1")), catalog().claimFingerprint(wf, crashed.fingerprint(),
                VersionId.of("v2"), t0.plusSeconds(60), t0.plusSeconds(60).minusSeconds(120)), "not stale yet");
        assertEquals(Optional.empty(), catalog().claimFingerprint(wf, crashed.fingerprint(), VersionId.of("v2"),
                t0.plusSeconds(180), t0.plusSeconds(60)), "stale, and v1 never written: taken over");

        VersionRecord published = version(wf.value(), "v3", 3, "published");
        catalog().claimFingerprint(wf, published.fingerprint(), VersionId.of("v3"), t0, t0.minusSeconds(120));
        catalog().insert(published);
        assertEquals(Optional.of(VersionId.of("v3")), catalog().claimFingerprint(wf, published.fingerprint(),
                VersionId.of("v4"), t0.plusSeconds(3600), t0.plusSeconds(3000)), "its version exists: never stale");
    }

    @Test
    void ofTenConcurrentClaimsOfOneFingerprintExactlyOneWins() throws Exception {
        WorkflowId wf = WorkflowId.of(freshWorkflow());
        VersionRecord v = version(wf.value(), "v1", 1, "raced");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<VersionId>>> claims = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                VersionId claimant = VersionId.of("v1." + i + ".0");
                claims.add(pool.submit(() -> {
                    start.await();
                    return catalog().claimFingerprint(wf, v.fingerprint(), claimant, t0, t0.minusSeconds(120));
                }));
            }
            start.countDown();
            List<Optional<VersionId>> answers = new ArrayList<>();
            for (Future<Optional<VersionId>> claim : claims) {
                answers.add(claim.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, answers.stream().filter(Optional::isEmpty).count(), answers.toString());
            assertEquals(1, answers.stream().flatMap(Optional::stream).distinct().count(),
                    "every loser names the one winner: " + answers);
        } finally {
            pool.shutdownNow();
        }
    }
}
