package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.DuplicateContentException;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.PublishResult;
import dev.flowback.core.registry.SnapshotKeys;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.s3.S3SnapshotStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The version registry end to end on S3Proxy and dynalite, wired as the local CLI and the functions wire it. */
class RegistryOnEmulatorsTest {
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static LocalStorage stack;
    private static VersionRegistry registry;
    private static List<byte[]> examples;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStorage.start();
        registry = stack.registry();
        Path dir = Path.of(System.getProperty("flowback.root", "..")).resolve("examples/support-triage");
        examples = List.of(Files.readAllBytes(dir.resolve("v1.0.0.json")),
                Files.readAllBytes(dir.resolve("v1.1.0.json")),
                Files.readAllBytes(dir.resolve("v1.2.0.json")));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static WorkflowId freshWorkflow() {
        return WorkflowId.of("wf-" + WORKFLOWS.incrementAndGet());
    }

    private static PublishResult publish(WorkflowId wf, String version, byte[] document) {
        return registry.publish(PublishRequest.of(wf, version == null ? null : VersionId.of(version), document,
                "tester", "summary of " + version));
    }

    private static byte[] uniqueVariant(byte[] document, String marker) {
        return new String(document, StandardCharsets.UTF_8)
                .replace("\"QUEUE_TIMEOUT_MS\": \"3000\"", "\"QUEUE_TIMEOUT_MS\": \"3000\", \"MARKER\": \"" + marker
                        + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishThenReadGivesBackTheExactBytes() {
        WorkflowId wf = freshWorkflow();
        VersionRecord v = publish(wf, "v1.0.0", examples.get(0)).version();
        assertEquals(1, v.sequence());
        assertEquals(VersionStatus.CANDIDATE, v.status());
        assertEquals(examples.get(0).length, v.sizeBytes());
        assertArrayEquals(examples.get(0), registry.read(wf, VersionId.of("v1.0.0")).bytes());
        assertEquals(v, registry.get(wf, VersionId.of("v1.0.0")));
    }

    @Test
    void assignedIdsAndParents() {
        WorkflowId wf = freshWorkflow();
        VersionRecord first = publish(wf, null, examples.get(0)).version();
        VersionRecord second = publish(wf, null, examples.get(1)).version();
        assertEquals("v1", first.versionId().value());
        assertEquals("v2", second.versionId().value());
        assertTrue(first.parent().isEmpty());
        assertEquals(first.versionId(), second.parent().orElseThrow());
    }

    @Test
    void twoPublishersRacingForOneVersionIdExactlyOneWins() throws Exception {
        WorkflowId wf = freshWorkflow();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PublishResult>> racers = new ArrayList<>();
            for (byte[] doc : List.of(examples.get(1), examples.get(2))) {
                racers.add(pool.submit((Callable<PublishResult>) () -> {
                    go.await();
                    return publish(wf, "v2.0.0", doc);
                }));
            }
            go.countDown();
            int won = 0;
            List<Throwable> lost = new ArrayList<>();
            for (Future<PublishResult> racer : racers) {
                try {
                    racer.get();
                    won++;
                } catch (ExecutionException e) {
                    lost.add(e.getCause());
                }
            }
            assertEquals(1, won);
            assertEquals(1, lost.size());
            VersionConflictException conflict = assertInstanceOf(VersionConflictException.class, lost.get(0));
            assertTrue(conflict.getMessage().contains("already has a version v2.0.0"), conflict.getMessage());
        } finally {
            pool.shutdown();
        }
        HistoryPage history = registry.history(wf, 10, null);
        assertEquals(1, history.versions().size(), "no orphaned metadata from the loser");
        VersionRecord winner = history.versions().get(0);
        assertArrayEquals(registry.read(winner).bytes(), registry.read(wf, VersionId.of("v2.0.0")).bytes());
    }

    @Test
    void tenConcurrentPublishesOfTheSameContentPublishOne() throws Exception {
        WorkflowId wf = freshWorkflow();
        byte[] document = uniqueVariant(examples.get(0), "raced");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<PublishResult> won = new ArrayList<>();
        List<Throwable> lost = new ArrayList<>();
        try {
            List<Future<PublishResult>> racers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String version = "v1." + i + ".0";
                racers.add(pool.submit((Callable<PublishResult>) () -> {
                    go.await();
                    return publish(wf, version, document);
                }));
            }
            go.countDown();
            for (Future<PublishResult> racer : racers) {
                try {
                    won.add(racer.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    lost.add(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, won.size(), () -> "published: " + won + "; refused: " + lost);
        String winner = won.get(0).version().versionId().value();
        for (Throwable refusal : lost) {
            DuplicateContentException duplicate = assertInstanceOf(DuplicateContentException.class, refusal);
            assertEquals(winner, duplicate.existingVersion(), duplicate.getMessage());
        }
        assertEquals(List.of(winner), registry.history(wf, 20, null).versions().stream()
                .map(v -> v.versionId().value()).toList(), "exactly one version holds the content");
    }

    @Test
    void anExplicitlyNamedSequenceIdIsSkippedByAssignment() {
        WorkflowId wf = freshWorkflow();
        assertEquals("v2", publish(wf, "v2", examples.get(0)).version().versionId().value());
        // The next assigned id would be v2: it is taken, so assignment goes past it instead of failing.
        VersionRecord assigned = publish(wf, null, examples.get(1)).version();
        assertEquals("v3", assigned.versionId().value());
        assertEquals("v4", publish(wf, null, examples.get(2)).version().versionId().value());
        assertEquals(List.of("v4", "v3", "v2"), registry.history(wf, 10, null).versions().stream()
                .map(v -> v.versionId().value()).toList());
        assertEquals(VersionId.of("v2"), assigned.parent().orElseThrow());
        // The attempt at v2 claimed the content's fingerprint before its write met the taken id; it gave the claim
        // back, so the claim is v3's and a second publish of the same content is refused naming v3.
        DuplicateContentException again = assertThrows(DuplicateContentException.class,
                () -> publish(wf, null, examples.get(1)));
        assertEquals("v3", again.existingVersion(), again.getMessage());
    }

    @Test
    void aFiveMebibytePublishStoresExactlyTheBytesAndTheHashItReports() throws Exception {
        WorkflowId wf = freshWorkflow();
        byte[] document = largeDefinition(5 * 1024 * 1024, wf.value());
        VersionRecord v = publish(wf, null, document).version();

        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(document));
        assertEquals(sha, v.sha256().hex());
        assertEquals(document.length, v.sizeBytes());
        assertEquals(SnapshotKeys.forHash(v.sha256()), v.snapshotKey());
        var stored = stack.s3().getObjectAsBytes(b -> b.bucket(LocalStorage.BUCKET).key(v.snapshotKey()));
        assertArrayEquals(document, stored.asByteArray(), "the snapshot is the published bytes, unchanged");
        assertEquals(sha, stored.response().metadata().get("sha256"));
        assertArrayEquals(document, registry.read(wf, v.versionId()).bytes());
        // The fingerprint is the one the library's canonicalization of the model gives, as before streaming.
        var model = DefinitionFormats.standard().parse(document).model();
        assertEquals(ContentHash.of(new JsonCanonicalizer(Json.MAPPER.writeValueAsString(model)).getEncodedUTF8()),
                v.fingerprint());
    }

    @Test
    void aDocumentWithADuplicateKeyIsRefusedWithNothingWritten() {
        WorkflowId wf = freshWorkflow();
        String text = new String(examples.get(0), StandardCharsets.UTF_8);
        byte[] twice = text.replaceFirst("\"name\": \"support-triage\",",
                "\"name\": \"support-triage\", \"name\": \"other\",").getBytes(StandardCharsets.UTF_8);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> publish(wf, null, twice));
        assertTrue(e.getMessage().contains("Duplicate field 'name'"), e.getMessage());
        assertTrue(registry.history(wf, 10, null).versions().isEmpty());
        assertThrows(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class, () -> stack.s3().headObject(
                b -> b.bucket(LocalStorage.BUCKET).key(SnapshotKeys.forHash(ContentHash.of(twice)))));
        // Not even a sequence number was taken: the workflow's first version is still v1.
        assertEquals("v1", publish(wf, null, examples.get(0)).version().versionId().value());
    }

    /** A valid Flowback definition of at least {@code size} bytes: a chain of LLM steps with long prompts. */
    private static byte[] largeDefinition(int size, String tag) {
        StringBuilder json = new StringBuilder(size + 8192).append("{\"schemaVersion\": \"1.0\", \"name\": \"")
                .append(tag).append("\", \"engine\": {\"name\": \"flowback-engine\", \"version\": \"^2.1.0\"},")
                .append(" \"nodes\": [{\"id\": \"start\", \"type\": \"start\"}");
        StringBuilder edges = new StringBuilder();
        String previous = "start";
        for (int i = 1; json.length() + edges.length() < size; i++) {
            json.append(", {\"id\": \"s").append(i).append("\", \"type\": \"llm\", \"params\": {\"temperature\": 0.")
                    .append(i % 10).append(", \"prompt\": \"");
            for (int w = 0; w < 400; w++) {
                json.append(w % 37 == 0 ? "naïve — résumé\\n" : "classify the ticket ");
            }
            json.append("\"}}");
            edges.append(edges.isEmpty() ? "" : ", ").append("{\"from\": \"").append(previous)
                    .append("\", \"to\": \"s").append(i).append("\"}");
            previous = "s" + i;
        }
        return json.append("], \"edges\": [").append(edges).append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFlippedByteInAStoredSnapshotIsATypedIntegrityError() {
        WorkflowId wf = freshWorkflow();
        // Content unique to this test: snapshots are shared by content, and this one is about to be damaged.
        byte[] document = uniqueVariant(examples.get(0), "tamper");
        VersionRecord v = publish(wf, "v1.0.0", document).version();
        byte[] tampered = document.clone();
        tampered[tampered.length / 2] ^= 0x01;
        // Overwrite behind Flowback's back, as a damaged or tampered object would look.
        stack.s3().putObject(b -> b.bucket(LocalStorage.BUCKET).key(v.snapshotKey()), RequestBody.fromBytes(tampered));

        IntegrityException e = assertThrows(IntegrityException.class, () -> registry.read(wf, VersionId.of("v1.0.0")));
        assertTrue(e.getMessage().contains("integrity check failed for " + wf + " v1.0.0"), e.getMessage());
        assertTrue(e.getMessage().contains(v.sha256().hex()), e.getMessage());
        assertThrows(IntegrityException.class, () -> registry.diff(wf, VersionId.of("v1.0.0"), VersionId.of("v1.0.0")));

        // Publishing the same content elsewhere must not link a new version to the damaged object.
        WorkflowId other = freshWorkflow();
        assertThrows(IntegrityException.class, () -> publish(other, "v1.0.0", document));
        assertTrue(registry.history(other, 10, null).versions().isEmpty());
    }

    @Test
    void identicalRepublishIsReportedNotDuplicated() {
        WorkflowId wf = freshWorkflow();
        publish(wf, "v1.0.0", examples.get(0));
        publish(wf, "v1.1.0", examples.get(1));
        // Same meaning, different bytes: key order and whitespace changed.
        byte[] reformatted = new String(examples.get(0), StandardCharsets.UTF_8).replace("\n", "\n\n  ")
                .getBytes(StandardCharsets.UTF_8);
        DuplicateContentException e = assertThrows(DuplicateContentException.class,
                () -> publish(wf, "v1.2.0", reformatted));
        assertEquals("v1.0.0", e.existingVersion());
        assertEquals(2, registry.history(wf, 10, null).versions().size());

        PublishResult forced = registry.publish(PublishRequest.of(wf, VersionId.of("v1.2.0"), examples.get(0),
                "tester", "deliberate re-release").allowingDuplicate());
        assertTrue(forced.snapshotReused(), "identical bytes are stored once");
        assertEquals(registry.get(wf, VersionId.of("v1.0.0")).snapshotKey(), forced.version().snapshotKey());
    }

    @Test
    void invalidInputIsRejectedBeforeAnythingIsWritten() {
        WorkflowId wf = freshWorkflow();
        byte[] broken = "{\"schemaVersion\": \"1.0\", \"nodes\": []}".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidInputException.class, () -> publish(wf, "v1.0.0", broken));
        assertTrue(registry.history(wf, 10, null).versions().isEmpty());
        assertThrows(NotFoundException.class, () -> registry.get(wf, VersionId.of("v1.0.0")));
    }

    @Test
    void aFailedSnapshotWriteLeavesNoMetadata() {
        // A registry whose bucket does not exist: the S3 write fails, and the metadata must not be written.
        VersionRegistry broken = new VersionRegistry(new S3SnapshotStore(stack.s3(), "no-such-bucket"),
                new DynamoVersionCatalog(stack.dynamo(), LocalStorage.TABLE), DefinitionFormats.standard(),
                Clock.systemUTC());
        WorkflowId wf = freshWorkflow();
        assertThrows(StorageFailureException.class, () -> broken.publish(PublishRequest.of(wf, VersionId.of("v1.0.0"),
                examples.get(0), "tester", "")));
        assertTrue(registry.history(wf, 10, null).versions().isEmpty());
    }

    @Test
    void aPublishedVersionIsNeverOverwritten() {
        WorkflowId wf = freshWorkflow();
        VersionRecord original = publish(wf, "v1.0.0", examples.get(0)).version();
        assertThrows(VersionConflictException.class, () -> publish(wf, "v1.0.0", examples.get(1)));
        assertEquals(original, registry.get(wf, VersionId.of("v1.0.0")));
        assertArrayEquals(examples.get(0), registry.read(wf, VersionId.of("v1.0.0")).bytes());
    }

    @Test
    void historyPagesInOrderAndResolvesSymbolicNames() {
        WorkflowId wf = freshWorkflow();
        for (int i = 1; i <= 7; i++) {
            byte[] doc = new String(examples.get(0), StandardCharsets.UTF_8)
                    .replace("\"QUEUE_TIMEOUT_MS\": \"3000\"", "\"QUEUE_TIMEOUT_MS\": \"" + (1000 + i) + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            publish(wf, "v1." + i + ".0", doc);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            HistoryPage page = registry.history(wf, 3, cursor);
            page.versions().forEach(v -> seen.add(v.versionId().value()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of("v1.7.0", "v1.6.0", "v1.5.0", "v1.4.0", "v1.3.0", "v1.2.0", "v1.1.0"), seen);

        assertEquals("v1.7.0", registry.resolve(wf, VersionRef.parse("t", "latest"), Optional.empty())
                .versionId().value());
        Optional<VersionId> live = Optional.of(VersionId.of("v1.5.0"));
        assertEquals("v1.4.0", registry.resolve(wf, VersionRef.parse("t", "previous"), live).versionId().value());
        assertThrows(NotFoundException.class,
                () -> registry.resolve(wf, VersionRef.parse("t", "last-known-good"), live));
        registry.markStatus(wf, VersionId.of("v1.2.0"), VersionStatus.GOOD);
        registry.markStatus(wf, VersionId.of("v1.6.0"), VersionStatus.GOOD);
        assertEquals("v1.2.0", registry.resolve(wf, VersionRef.parse("t", "last-known-good"), live)
                .versionId().value(), "the newest GOOD version older than the live one");
        assertThrows(InvalidInputException.class, () -> registry.history(wf, 0, null));
        assertNull(registry.history(wf, 100, null).nextCursor());
    }

    @Test
    void diffBetweenStoredVersions() {
        WorkflowId wf = freshWorkflow();
        publish(wf, "v1.0.0", examples.get(0));
        publish(wf, "v1.1.0", examples.get(1));
        var diff = registry.diff(wf, VersionId.of("v1.0.0"), VersionId.of("v1.1.0"));
        assertFalse(diff.isEmpty());
        assertEquals(List.of("bug-queue"), diff.nodesAdded().stream().map(n -> n.id()).toList());
        assertNotEquals(diff.summary(), "identical");
        assertTrue(registry.diff(wf, VersionId.of("v1.0.0"), VersionId.of("v1.0.0")).identicalBytes());
    }
}
