package dev.flowback.engine.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.FlowbackTable;
import dev.flowback.store.s3.S3SnapshotStore;
import dev.flowback.stores.FlowbackStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The engine's client against dynalite and S3Proxy. Time is a fixed clock per gate: a later moment is a gate built
 * at that moment, and lease expiry is read at an explicit instant, so nothing sleeps.
 */
class EngineGateTest {
    private static final String TABLE = "flowback-gate-test";
    private static final String BUCKET = "flowback-gate-test";
    private static final EnvironmentName PROD = EnvironmentName.of("prod");
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static DynaliteEmulator dynalite;
    private static S3ProxyEmulator s3proxy;
    private static AwsSettings settings;
    private static VersionRegistry registry;
    private static EnvironmentStore environments;
    private static InstanceLeases leases;
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @BeforeAll
    static void start() {
        dynalite = DynaliteEmulator.start();
        s3proxy = S3ProxyEmulator.start();
        s3proxy.createBucket(BUCKET);
        settings = AwsSettings.local(S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY,
                Map.of("dynamodb", dynalite.endpoint(), "s3", s3proxy.endpoint()));
        FlowbackTable.create(DynamoVersionCatalog.client(settings), TABLE);
        FlowbackStores stores = FlowbackStores.onAws(settings, TABLE, BUCKET, CLOCK);
        registry = stores.registry();
        environments = stores.environments();
        leases = stores.leases();
    }

    @AfterAll
    static void stop() {
        dynalite.close();
        s3proxy.close();
    }

    private static EnvironmentRef ref(WorkflowId wf) {
        return new EnvironmentRef(wf, PROD);
    }

    private static WorkflowId freshWorkflow() {
        WorkflowId wf = WorkflowId.of("wf-gate-" + WORKFLOWS.incrementAndGet());
        environments.create(Environment.of(ref(wf), "flowback-engine", "2.4.1"),
                CLOCK.instant());
        return wf;
    }

    private static EngineGate gate(WorkflowId wf) {
        return gateAt(wf, T0, Duration.ofSeconds(10));
    }

    private static EngineGate gateAt(WorkflowId wf, Instant now, Duration cacheTtl) {
        return new EngineGate(registry, environments, leases, Clock.fixed(now, ZoneOffset.UTC), ref(wf),
                new EngineGate.Options(cacheTtl, LEASE));
    }

    private static VersionRecord publish(WorkflowId wf, String version, String prompt) {
        return registry.publish(PublishRequest.of(wf, VersionId.of(version), definition(prompt), "test", ""))
                .version();
    }

    static byte[] definition(String prompt) {
        return ("{\"schemaVersion\": \"1.0\", \"name\": \"gate-test\","
                + " \"engine\": {\"name\": \"flowback-engine\", \"version\": \"^2.1.0\"},"
                + " \"nodes\": [{\"id\": \"start\", \"type\": \"start\"},"
                + " {\"id\": \"answer\", \"type\": \"llm\", \"params\": {\"prompt\": \"" + prompt + "\"}}],"
                + " \"edges\": [{\"from\": \"start\", \"to\": \"answer\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** Makes {@code version} live the way the switch step does: under the lock, in one conditional write. */
    private static void makeLive(WorkflowId wf, VersionRecord version, String expected) {
        String exec = "exec-" + version.versionId();
        long token = environments.acquireLock(ref(wf), exec, CLOCK.instant(), CLOCK.instant().plus(LEASE)).token();
        environments.switchPointer(new PointerSwitch(ref(wf), exec, token, exec,
                expected == null ? null : VersionId.of(expected), version.versionId(), version.sha256(),
                CLOCK.instant(), CLOCK.instant().plus(LEASE)));
        environments.releaseLock(ref(wf), exec);
    }

    @Test
    void servesTheActiveDefinitionVerifiedAndCachedUntilTheTtlEnds() {
        WorkflowId wf = freshWorkflow();
        EngineGate gate = gate(wf);
        assertThrows(NotFoundException.class, gate::activeDefinition, "nothing is live yet");

        VersionRecord v1 = publish(wf, "v1", "first");
        VersionRecord v2 = publish(wf, "v2", "second");
        makeLive(wf, v1, null);
        ActiveDefinition first = gate.activeDefinition();
        assertEquals("v1", first.version());
        assertArrayEquals(definition("first"), first.bytes());
        assertEquals(1, first.revision());

        makeLive(wf, v2, "v1");
        assertEquals("v1", gate.activeDefinition().version(), "still within the cache TTL");
        ActiveDefinition second = gateAt(wf, T0, Duration.ZERO).activeDefinition();
        assertEquals("v2", second.version());
        assertEquals(v2.sha256().hex(), second.sha256());
        assertEquals(2, second.revision());
    }

    @Test
    void refusesBytesThatNoLongerMatchTheirHash() {
        WorkflowId wf = freshWorkflow();
        VersionRecord v1 = publish(wf, "v1", "tamper-me");
        makeLive(wf, v1, null);
        s3proxy.client().putObject(b -> b.bucket(BUCKET).key(v1.snapshotKey()),
                RequestBody.fromBytes(definition("tampered")));

        IntegrityException e = assertThrows(IntegrityException.class, () -> gate(wf).activeDefinition());
        assertTrue(e.getMessage().contains(v1.sha256().hex()), e.getMessage());
    }

    @Test
    void admitsWhileOpenRefusesAtOnceWhileADrainHoldsTheGate() {
        WorkflowId wf = freshWorkflow();
        EngineGate gate = gate(wf);
        Admission running = gate.admit("inst-1");
        assertTrue(running.admitted());
        assertEquals(1, leases.countActive(ref(wf), CLOCK.instant()));

        long token = environments.acquireLock(ref(wf), "exec-r", CLOCK.instant(), CLOCK.instant().plus(LEASE)).token();
        environments.closeGate(ref(wf), "exec-r", token, CLOCK.instant(), CLOCK.instant().plus(LEASE));
        Admission refused = gate.admit("inst-2");
        assertFalse(refused.admitted());
        assertTrue(refused.refusal().contains("exec-r"), refused.refusal());
        assertEquals(1, leases.countActive(ref(wf), CLOCK.instant()), "the refused instance withdrew its lease");

        gate.release("inst-1");
        assertEquals(0, leases.countActive(ref(wf), CLOCK.instant()), "released: the drain is over");
        environments.reopenGate(ref(wf), "exec-r");
        assertTrue(gate.admit("inst-3").admitted());
    }

    @Test
    void aCrashedEngineOrACrashedRollbackBlocksNothingForEver() {
        WorkflowId wf = freshWorkflow();
        EngineGate gate = gate(wf);
        assertTrue(gate.admit("inst-crashed").admitted());
        assertEquals(0, leases.countActive(ref(wf), T0.plus(LEASE).plusSeconds(1)), "an unreleased lease expires");

        Instant now = T0.plus(LEASE).plusSeconds(1);
        long token = environments.acquireLock(ref(wf), "exec-crashed", now, now.plus(Duration.ofMinutes(1))).token();
        environments.closeGate(ref(wf), "exec-crashed", token, now, now.plus(Duration.ofMinutes(1)));
        assertFalse(gateAt(wf, now, Duration.ZERO).admit("inst-a").admitted());
        assertTrue(gateAt(wf, now.plus(Duration.ofMinutes(2)), Duration.ZERO).admit("inst-b").admitted(),
                "the gate of an execution whose lock lease ran out no longer holds engines back");
    }

    @Test
    void anAdmissionThatSeesASwitchMakesTheNextDefinitionTheSwitchedToVersionBeforeTheTtlEnds() {
        WorkflowId wf = freshWorkflow();
        VersionRecord v1 = publish(wf, "v1", "one");
        VersionRecord v2 = publish(wf, "v2", "two");
        makeLive(wf, v1, null);
        makeLive(wf, v2, "v1");
        EngineGate gate = gateAt(wf, T0, Duration.ofMinutes(10));
        assertEquals("v2", gate.activeDefinition().version());

        makeLive(wf, v1, "v2");
        Admission after = gate.admit("inst-after");
        assertTrue(after.admitted());
        assertEquals("v1", after.activeVersion(), "the admission read the switched pointer");
        assertEquals(v1.sha256().hex(), after.activeSha256());
        assertEquals(3, after.revision());
        ActiveDefinition definition = gate.activeDefinition();
        assertEquals("v1", definition.version(), "inside a 10-minute TTL, the admitted revision wins");
        assertEquals(3, definition.revision());
        assertArrayEquals(definition("one"), definition.bytes());
    }

    @Test
    void anAdmissionAtTheCachedRevisionKeepsServingTheCacheAndAReadOfTheSameVersionIsNotFetchedAgain() {
        WorkflowId wf = freshWorkflow();
        CountingStore store = new CountingStore();
        VersionRecord v1 = publish(wf, "v1", "uno");
        makeLive(wf, v1, null);
        MovableClock clock = new MovableClock(T0);
        EngineGate gate = new EngineGate(store.registry(), environments, leases, clock, ref(wf),
                new EngineGate.Options(Duration.ofSeconds(10), LEASE));
        assertEquals("v1", gate.activeDefinition().version());
        assertEquals(1, gate.admit("inst-same").revision());
        gate.activeDefinition();
        assertEquals(1, store.reads.get(), "no newer revision, inside the TTL: served from the cache");

        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, gate.activeDefinition().revision());
        assertEquals(1, store.reads.get(), "TTL over, same version and hash: the pointer is read, not the bytes");
    }

    @Test
    void whileOneThreadRefreshesOthersServeThePreviousDefinitionAndAnOutdatedCallerWaitsForThatOneRefresh()
            throws Exception {
        WorkflowId wf = freshWorkflow();
        CountingStore store = new CountingStore();
        VersionRecord v1 = publish(wf, "v1", "before");
        VersionRecord v2 = publish(wf, "v2", "after");
        makeLive(wf, v1, null);
        MovableClock clock = new MovableClock(T0);
        EngineGate gate = new EngineGate(store.registry(), environments, leases, clock, ref(wf),
                new EngineGate.Options(Duration.ofSeconds(10), LEASE));
        assertEquals("v1", gate.activeDefinition().version());

        makeLive(wf, v2, "v1");
        clock.advance(Duration.ofSeconds(11));
        CountDownLatch release = store.holdReads();
        CompletableFuture<ActiveDefinition> refresher = CompletableFuture.supplyAsync(gate::activeDefinition);
        assertTrue(store.entered.await(10, TimeUnit.SECONDS), "the refresher is inside the S3 read");

        ActiveDefinition meanwhile = assertTimeoutPreemptively(Duration.ofSeconds(10), gate::activeDefinition,
                "a reader whose cache only expired must not queue behind the refresh");
        assertEquals("v1", meanwhile.version());

        assertEquals(2, gate.admit("inst-new").revision());
        CompletableFuture<ActiveDefinition> outdated = CompletableFuture.supplyAsync(gate::activeDefinition);
        release.countDown();
        assertEquals("v2", refresher.get(10, TimeUnit.SECONDS).version());
        assertEquals("v2", outdated.get(10, TimeUnit.SECONDS).version(),
                "after admitting revision 2 it may not be served v1");
        assertEquals(2, store.reads.get(), "v1 once, v2 once: the waiting caller took the refresh it waited for");
    }

    /** A snapshot store over S3Proxy that counts reads and can hold them until released. */
    private static final class CountingStore implements SnapshotStore {
        final S3SnapshotStore s3 = new S3SnapshotStore(S3SnapshotStore.client(settings), BUCKET);
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicReference<CountDownLatch> hold = new AtomicReference<>();

        VersionRegistry registry() {
            return new VersionRegistry(this, new DynamoVersionCatalog(DynamoVersionCatalog.client(settings), TABLE),
                    DefinitionFormats.standard(), CLOCK);
        }

        CountDownLatch holdReads() {
            CountDownLatch latch = new CountDownLatch(1);
            hold.set(latch);
            return latch;
        }

        @Override
        public boolean putIfAbsent(String key, dev.flowback.core.definition.ContentHash sha256, byte[] bytes) {
            return s3.putIfAbsent(key, sha256, bytes);
        }

        @Override
        public byte[] read(String key, long maxBytes) {
            reads.incrementAndGet();
            CountDownLatch latch = hold.get();
            if (latch != null) {
                entered.countDown();
                try {
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new AssertionError("the test never released the read");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return s3.read(key, maxBytes);
        }
    }

}
