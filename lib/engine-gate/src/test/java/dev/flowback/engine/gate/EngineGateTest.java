package dev.flowback.engine.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.engine.gate.internal.GateRuntime;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.FlowbackTable;
import dev.flowback.store.s3.S3SnapshotStore;
import dev.flowback.stores.FlowbackStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
        environments.create(Environment.of(ref(wf), "flowback-engine", "2.4.1"), CLOCK.instant());
        return wf;
    }

    private static EngineGate gate(WorkflowId wf) {
        return gateAt(wf, T0);
    }

    private static EngineGate gateAt(WorkflowId wf, Instant now) {
        return new EngineGate(new GateRuntime(registry, environments, leases, Clock.fixed(now, ZoneOffset.UTC),
                wf.value(), PROD.value(), LEASE, 8));
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
        String exec = "exec-" + version.versionId() + "-" + WORKFLOWS.incrementAndGet();
        long token = environments.acquireLock(ref(wf), exec, CLOCK.instant(), CLOCK.instant().plus(LEASE)).token();
        environments.switchPointer(new PointerSwitch(ref(wf), exec, token, exec,
                expected == null ? null : VersionId.of(expected), version.versionId(), version.sha256(),
                CLOCK.instant(), CLOCK.instant().plus(LEASE)));
        environments.releaseLock(ref(wf), exec);
    }

    private static Admitted admitted(Admission admission) {
        return assertInstanceOf(Admitted.class, admission, admission.toString());
    }

    @Test
    void anAdmittedInstanceIsPinnedToItsVersionAndKeepsItsDefinitionAcrossASwitch() {
        WorkflowId wf = freshWorkflow();
        VersionRecord v1 = publish(wf, "v1", "first");
        VersionRecord v2 = publish(wf, "v2", "second");
        makeLive(wf, v1, null);
        EngineGate gate = gate(wf);
        Admitted before = admitted(gate.admit("inst-before"));
        assertEquals("v1", before.version());
        assertEquals(v1.sha256().hex(), before.sha256());

        makeLive(wf, v2, "v1");
        Admitted after = admitted(gate.admit("inst-after"));
        assertEquals("v2", after.version(), "a new admission pins the switched-to version");

        // The first read of the earlier instance's definition happens after the switch: it still gets v1.
        PinnedDefinition pinned = before.definition();
        assertEquals("v1", pinned.version());
        assertEquals(v1.sha256().hex(), pinned.sha256());
        assertArrayEquals(definition("first"), pinned.bytes());
        assertEquals(v1.sha256(), ContentHash.of(pinned.bytes()));
        assertEquals("flowback", pinned.format());
        assertArrayEquals(definition("second"), after.definition().bytes());

        makeLive(wf, v1, "v2");
        assertArrayEquals(definition("first"), before.definition().bytes(), "to its end, whatever else switches");
        assertArrayEquals(definition("second"), after.definition().bytes());
    }

    @Test
    void theDefinitionIsAlwaysACopySoNoInstanceCanChangeAnothersBytes() {
        WorkflowId wf = freshWorkflow();
        makeLive(wf, publish(wf, "v1", "shared"), null);
        EngineGate gate = gate(wf);
        Admitted one = admitted(gate.admit("inst-1"));
        byte[] mine = one.definition().bytes();
        mine[0] = 'X';
        assertArrayEquals(definition("shared"), admitted(gate.admit("inst-2")).definition().bytes());
    }

    @Test
    void bytesThatNoLongerMatchThePinnedHashAreRefused() {
        WorkflowId wf = freshWorkflow();
        VersionRecord v1 = publish(wf, "v1", "tamper-me");
        makeLive(wf, v1, null);
        Admitted run = admitted(gate(wf).admit("inst-1"));
        s3proxy.client().putObject(b -> b.bucket(BUCKET).key(v1.snapshotKey()),
                RequestBody.fromBytes(definition("tampered")));

        GateException e = assertThrows(GateException.class, run::definition);
        assertTrue(e.getMessage().contains(v1.sha256().hex()), e.getMessage());
        assertFalse(e.retryable(), "retrying cannot make altered bytes match their hash");
    }

    @Test
    void admitsWhileOpenRefusesAtOnceWhileADrainHoldsTheGate() {
        WorkflowId wf = freshWorkflow();
        makeLive(wf, publish(wf, "v1", "open"), null);
        EngineGate gate = gate(wf);
        Admitted running = admitted(gate.admit("inst-1"));
        assertEquals(T0.plus(LEASE), running.leaseExpiresAt());
        assertEquals(1, leases.countActive(ref(wf), CLOCK.instant()));

        long token = environments.acquireLock(ref(wf), "exec-r", CLOCK.instant(), CLOCK.instant().plus(LEASE)).token();
        environments.closeGate(ref(wf), "exec-r", token, CLOCK.instant(), CLOCK.instant().plus(LEASE));
        Refused refused = assertInstanceOf(Refused.class, gate.admit("inst-2"));
        assertTrue(refused.reason().contains("exec-r"), refused.reason());
        assertTrue(refused.retryable());
        assertEquals(1, leases.countActive(ref(wf), CLOCK.instant()), "the refused instance withdrew its lease");

        running.release();
        running.release();
        assertEquals(0, leases.countActive(ref(wf), CLOCK.instant()), "released (twice, harmlessly): drained");
        environments.reopenGate(ref(wf), "exec-r");
        assertTrue(gate.admit("inst-3").admitted());
        gate.release("inst-3");
        assertEquals(0, leases.countActive(ref(wf), CLOCK.instant()), "released by id");
    }

    @Test
    void nothingLiveOrNoEnvironmentIsARefusalThatLeavesNoLease() {
        WorkflowId wf = freshWorkflow();
        Refused nothing = assertInstanceOf(Refused.class, gate(wf).admit("inst-early"));
        assertTrue(nothing.reason().contains("nothing is live"), nothing.reason());
        assertTrue(nothing.retryable());
        assertEquals(0, leases.countActive(ref(wf), CLOCK.instant()));

        Refused missing = assertInstanceOf(Refused.class, gateAt(WorkflowId.of("wf-gate-none"), T0).admit("inst-x"));
        assertFalse(missing.retryable(), "no environment: asking again will not help");
        assertThrows(IllegalArgumentException.class, () -> gate(wf).admit("bad id!"));
    }

    @Test
    void aCrashedEngineOrACrashedRollbackBlocksNothingForEver() {
        WorkflowId wf = freshWorkflow();
        makeLive(wf, publish(wf, "v1", "crash"), null);
        assertTrue(gate(wf).admit("inst-crashed").admitted());
        assertEquals(0, leases.countActive(ref(wf), T0.plus(LEASE).plusSeconds(1)), "an unreleased lease expires");

        Instant now = T0.plus(LEASE).plusSeconds(1);
        long token = environments.acquireLock(ref(wf), "exec-crashed", now, now.plus(Duration.ofMinutes(1))).token();
        environments.closeGate(ref(wf), "exec-crashed", token, now, now.plus(Duration.ofMinutes(1)));
        assertFalse(gateAt(wf, now).admit("inst-a").admitted());
        assertTrue(gateAt(wf, now.plus(Duration.ofMinutes(2))).admit("inst-b").admitted(),
                "the gate of an execution whose lock lease ran out no longer holds engines back");
    }

    @Test
    void aLongInstanceRenewsItsLeaseAndStaysCountedUntilThen() {
        WorkflowId wf = freshWorkflow();
        makeLive(wf, publish(wf, "v1", "long"), null);
        Admitted run = admitted(gate(wf).admit("inst-long"));
        Instant later = T0.plus(Duration.ofMinutes(4));
        Instant renewed = admitted(gateAt(wf, later).admit("inst-probe")).renew();
        assertEquals(later.plus(LEASE), renewed);
        assertEquals(T0.plus(LEASE), run.leaseExpiresAt(), "renewing another instance leaves this one's lease");
        assertEquals(later.plus(LEASE), gateAt(wf, later).renew("inst-long"));
        assertEquals(2, leases.countActive(ref(wf), T0.plus(LEASE).plusSeconds(1)), "renewed: still in flight");
    }

    @Test
    void aDefinitionIsReadOncePerHashAndConcurrentInstancesOfItShareThatRead() throws Exception {
        WorkflowId wf = freshWorkflow();
        CountingStore store = new CountingStore();
        VersionRecord v1 = publish(wf, "v1", "once");
        VersionRecord v2 = publish(wf, "v2", "twice");
        makeLive(wf, v1, null);
        GateRuntime runtime = new GateRuntime(store.registry(), environments, leases, CLOCK, wf.value(),
                PROD.value(), LEASE, 8);
        EngineGate gate = new EngineGate(runtime);
        CountDownLatch release = store.holdReads();
        List<CompletableFuture<PinnedDefinition>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Admitted run = admitted(gate.admit("inst-" + i));
            starts.add(CompletableFuture.supplyAsync(run::definition));
        }
        assertTrue(store.entered.await(10, TimeUnit.SECONDS), "one reader is inside the S3 read");
        release.countDown();
        for (CompletableFuture<PinnedDefinition> start : starts) {
            assertArrayEquals(definition("once"), start.get(10, TimeUnit.SECONDS).bytes());
        }
        assertEquals(1, store.reads.get(), "four instances of v1, one read");

        makeLive(wf, v2, "v1");
        assertEquals("v2", admitted(gate.admit("inst-v2")).definition().version());
        assertEquals("v2", admitted(gate.admit("inst-v2b")).definition().version());
        assertEquals(2, store.reads.get(), "v2 read once");
        assertEquals(2, runtime.cachedDefinitions());
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
        public boolean putIfAbsent(String key, ContentHash sha256, byte[] bytes) {
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
