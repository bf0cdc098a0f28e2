package dev.flowback.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.rollback.AdmissionGate;
import dev.flowback.core.rollback.AuditEntry;
import dev.flowback.core.rollback.Environment;
import dev.flowback.core.rollback.EnvironmentState;
import dev.flowback.core.rollback.EnvironmentStore.PointerSwitch;
import dev.flowback.core.rollback.EnvironmentStore.SwitchOutcome;
import dev.flowback.core.rollback.HealthSettings;
import dev.flowback.core.rollback.MetricIdentity;
import dev.flowback.core.rollback.RollbackLock;
import dev.flowback.core.rollback.RollbackRecord;
import dev.flowback.core.rollback.RollbackStatus;
import dev.flowback.core.rollback.VerifyFailurePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The environment item, instance leases and the journal against dynalite (no transactions there either). */
class DynamoEnvironmentStoreTest {
    private static final String TABLE = "flowback-env-test";
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final EnvironmentName PROD = EnvironmentName.of("prod");

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

    private static WorkflowId freshEnvironment() {
        WorkflowId wf = WorkflowId.of("wf-env-" + WORKFLOWS.incrementAndGet());
        store.create(new Environment(wf, PROD, "flowback-engine", "2.4.1", HealthSettings.defaults()), T0);
        return wf;
    }

    private static PointerSwitch change(WorkflowId wf, String holder, long token, String expected, String target) {
        return new PointerSwitch(wf, PROD, holder, token, holder, expected == null ? null : VersionId.of(expected),
                VersionId.of(target), "a".repeat(64), T0, T0.plus(LEASE));
    }

    @Test
    void createsWithNothingLiveAndRoundTripsEverySetting() {
        WorkflowId wf = WorkflowId.of("wf-env-settings");
        HealthSettings health = HealthSettings.defaults()
                .withAlarms(List.of("wf-errors", "wf-latency"))
                .withThresholds(0.02, 750)
                .withMetrics(new MetricIdentity("Flowback/Engine", Map.of("Workflow", "wf", "Env", "prod"),
                        "Requests", "Errors", "Latency"))
                .withHealthUrl("https://engine.internal/health")
                .withWaits(Duration.ofSeconds(90), Duration.ofSeconds(120), Duration.ofSeconds(10))
                .withPolicy(VerifyFailurePolicy.REVERT);
        Environment environment = new Environment(wf, PROD, "flowback-engine", "2.4.1", health);
        store.create(environment, T0);

        EnvironmentState state = store.find(wf, PROD).orElseThrow();
        assertEquals(environment, state.environment());
        assertTrue(state.pointer().active().isEmpty());
        assertEquals(0, state.pointer().revision());
        assertFalse(state.gate().isClosed());
        assertNull(state.lock().holder());

        assertThrows(VersionConflictException.class, () -> store.create(environment, T0));
        Environment plain = new Environment(wf, PROD, "flowback-engine", "2.5.0", HealthSettings.defaults());
        store.updateSettings(plain, T0);
        assertEquals(plain, store.find(wf, PROD).orElseThrow().environment(), "optional settings are removed");
        assertThrows(NotFoundException.class, () -> store.updateSettings(
                new Environment(wf, EnvironmentName.of("staging"), "flowback-engine", "2.5.0", null), T0));
    }

    @Test
    void lockIsExclusiveReentrantAndTakenOverOnlyAfterItsLeaseEnds() {
        WorkflowId wf = freshEnvironment();
        RollbackLock first = store.acquireLock(wf, PROD, "exec-a", T0, T0.plus(LEASE));
        assertEquals(1, first.token());
        assertEquals(first.token(), store.acquireLock(wf, PROD, "exec-a", T0.plusSeconds(5), T0.plus(LEASE)).token(),
                "a retried snapshot re-enters with the same token");

        RollbackInProgressException busy = assertThrows(RollbackInProgressException.class,
                () -> store.acquireLock(wf, PROD, "exec-b", T0.plusSeconds(10), T0.plus(LEASE)));
        assertEquals("exec-a", busy.holder());
        assertTrue(busy.getMessage().contains("exec-a") && busy.getMessage().contains(T0.plus(LEASE).toString()),
                busy.getMessage());

        Instant later = T0.plus(LEASE).plusSeconds(1);
        RollbackLock takenOver = store.acquireLock(wf, PROD, "exec-b", later, later.plus(LEASE));
        assertEquals(2, takenOver.token(), "a crashed holder's expired lease is taken over with a new token");
        assertThrows(LockLostException.class, () -> store.renewLock(wf, PROD, "exec-a", 1, later.plus(LEASE)));

        assertFalse(store.releaseLock(wf, PROD, "exec-a"), "only the holder releases");
        assertTrue(store.releaseLock(wf, PROD, "exec-b"));
        assertFalse(store.releaseLock(wf, PROD, "exec-b"), "a replayed release is a no-op");
        assertEquals(3, store.acquireLock(wf, PROD, "exec-c", later, later.plus(LEASE)).token(),
                "tokens never repeat after a release");
        assertThrows(NotFoundException.class, () -> store.acquireLock(WorkflowId.of("wf-none"), PROD, "x", T0, T0));
    }

    @Test
    void takingOverAnExpiredLockReopensTheGateItsCrashedHolderLeftClosed() {
        WorkflowId wf = freshEnvironment();
        store.acquireLock(wf, PROD, "exec-crashed", T0, T0.plus(LEASE));
        store.closeGate(wf, PROD, "exec-crashed", 1, T0, T0.plus(LEASE));
        // exec-crashed dies here, between its pause and its compensation.

        Instant later = T0.plus(LEASE).plusSeconds(1);
        RollbackLock taken = store.acquireLock(wf, PROD, "exec-next", later, later.plus(LEASE));
        EnvironmentState state = store.find(wf, PROD).orElseThrow();
        assertEquals(2, taken.token());
        assertTrue(state.lock().isHeldBy("exec-next"));
        assertEquals(AdmissionGate.OPEN, state.gate(), "gate open, closedBy and closedAt gone: nothing of the dead"
                + " execution is left if exec-next fails before its own pause");
        assertFalse(store.reopenGate(wf, PROD, "exec-crashed"));
        assertThrows(LockLostException.class, () -> store.closeGate(wf, PROD, "exec-crashed", 1, later,
                later.plus(LEASE)), "the crashed execution, should it wake up, cannot close it again");

        // The new holder's own closed gate survives its re-entry (a replayed snapshot).
        AdmissionGate closed = store.closeGate(wf, PROD, "exec-next", 2, later, later.plus(LEASE));
        store.acquireLock(wf, PROD, "exec-next", later.plusSeconds(5), later.plus(LEASE));
        assertEquals(closed, store.find(wf, PROD).orElseThrow().gate());

        // A takeover of a lock whose holder left the gate open changes nothing of the gate.
        WorkflowId open = freshEnvironment();
        store.acquireLock(open, PROD, "exec-a", T0, T0.plus(LEASE));
        store.acquireLock(open, PROD, "exec-b", later, later.plus(LEASE));
        assertEquals(AdmissionGate.OPEN, store.find(open, PROD).orElseThrow().gate());
    }

    @Test
    void concurrentAcquisitionsLetExactlyOneIn() throws Exception {
        WorkflowId wf = freshEnvironment();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String exec = "exec-" + i;
                Callable<Boolean> attempt = () -> {
                    try {
                        store.acquireLock(wf, PROD, exec, T0, T0.plus(LEASE));
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
    void gateClosesOnlyUnderTheLockAndKeepsItsFirstClosingTime() {
        WorkflowId wf = freshEnvironment();
        assertThrows(LockLostException.class, () -> store.closeGate(wf, PROD, "exec-a", 1, T0, T0.plus(LEASE)));
        store.acquireLock(wf, PROD, "exec-a", T0, T0.plus(LEASE));
        AdmissionGate closed = store.closeGate(wf, PROD, "exec-a", 1, T0, T0.plus(LEASE));
        assertTrue(closed.isClosed());
        assertEquals(T0, closed.closedAt());
        assertEquals(T0, store.closeGate(wf, PROD, "exec-a", 1, T0.plusSeconds(30), T0.plus(LEASE)).closedAt(),
                "a replayed pause keeps the drain's start");
        assertThrows(LockLostException.class, () -> store.closeGate(wf, PROD, "exec-a", 7, T0, T0.plus(LEASE)));

        assertFalse(store.reopenGate(wf, PROD, "exec-b"), "only the execution that closed it reopens it");
        assertTrue(store.reopenGate(wf, PROD, "exec-a"));
        assertFalse(store.reopenGate(wf, PROD, "exec-a"));
        assertFalse(store.find(wf, PROD).orElseThrow().gate().isClosed());
    }

    @Test
    void switchChecksTokenAndExpectedVersionAndRecognisesItsOwnReplay() {
        WorkflowId wf = freshEnvironment();
        store.acquireLock(wf, PROD, "exec-a", T0, T0.plus(LEASE));
        assertThrows(VersionConflictException.class, () -> store.switchPointer(change(wf, "exec-a", 1, "v1", "v2")),
                "nothing is live yet, so expecting v1 is wrong");
        SwitchOutcome first = store.switchPointer(change(wf, "exec-a", 1, null, "v1"));
        assertFalse(first.alreadyDone());
        assertEquals(VersionId.of("v1"), first.pointer().activeVersion());
        assertEquals(1, first.pointer().revision());

        SwitchOutcome replay = store.switchPointer(change(wf, "exec-a", 1, null, "v1"));
        assertTrue(replay.alreadyDone());
        assertEquals(1, replay.pointer().revision(), "a replay does not switch twice");

        assertThrows(LockLostException.class, () -> store.switchPointer(change(wf, "exec-a", 9, "v1", "v2")));
        assertThrows(LockLostException.class, () -> store.switchPointer(change(wf, "exec-z", 1, "v1", "v2")));
        SwitchOutcome second = store.switchPointer(change(wf, "exec-a", 1, "v1", "v2").withSwitchId("exec-a#2"));
        assertEquals(VersionId.of("v1"), second.pointer().previousVersion());
        assertEquals(2, second.pointer().revision());
        assertEquals(VersionId.of("v2"), store.find(wf, PROD).orElseThrow().pointer().activeVersion());
    }

    @Test
    void leasesCountOnlyUntilTheyExpire() {
        WorkflowId wf = freshEnvironment();
        leases.put(wf, PROD, "inst-1", T0, T0.plusSeconds(60));
        leases.put(wf, PROD, "inst-2", T0, T0.plusSeconds(120));
        leases.put(wf, EnvironmentName.of("staging"), "inst-3", T0, T0.plusSeconds(120));
        assertEquals(2, leases.countActive(wf, PROD, T0));
        assertEquals(1, leases.countActive(wf, PROD, T0.plusSeconds(61)), "a crashed engine's lease expires");
        leases.remove(wf, PROD, "inst-2");
        leases.remove(wf, PROD, "inst-2");
        assertEquals(0, leases.countActive(wf, PROD, T0.plusSeconds(61)));
    }

    @Test
    void aCountClearsAwayExpiredLeasesButNotRenewedOnes() {
        WorkflowId wf = freshEnvironment();
        leases.put(wf, PROD, "crashed-1", T0, T0.plusSeconds(60));
        leases.put(wf, PROD, "crashed-2", T0, T0.plusSeconds(60));
        leases.put(wf, PROD, "renewed", T0, T0.plusSeconds(60));
        leases.put(wf, PROD, "renewed", T0.plusSeconds(50), T0.plusSeconds(300));

        assertEquals(1, leases.countActive(wf, PROD, T0.plusSeconds(61)));
        assertEquals(List.of("INST#renewed"), leaseKeys(wf), "the expired leases were deleted");
    }

    private static List<String> leaseKeys(WorkflowId wf) {
        return table.client.query(b -> b.tableName(TABLE).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :inst)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(EnvironmentItems.partition(wf, PROD)),
                                ":inst", AttributeValue.fromS("INST#"))))
                .items().stream().map(item -> item.get("sk").s()).toList();
    }

    @Test
    void journalWritesOnceAndNeverReopensAFinishedRecord() {
        WorkflowId wf = freshEnvironment();
        RollbackRecord open = new RollbackRecord("exec-a", wf.value(), "prod", RollbackStatus.IN_PROGRESS, "v2",
                "b".repeat(64), "v1", "a".repeat(64), "previous", "bad deploy", "alarm", "ops", false,
                T0.toString(), null, 4, null, null, null, null);
        journal.open(open);
        journal.open(open.finished(RollbackStatus.FAILED, 4, T0.toString(), "x", "replayed open", null));
        assertEquals(RollbackStatus.IN_PROGRESS, journal.find(wf, PROD, "exec-a").orElseThrow().status(),
                "a replayed open leaves the record alone");

        journal.recordSwitch(wf, PROD, "exec-a", 5, T0.plusSeconds(10).toString());
        journal.recordSwitch(wf, PROD, "exec-a", 5, T0.plusSeconds(20).toString());
        RollbackRecord switched = journal.find(wf, PROD, "exec-a").orElseThrow();
        assertEquals(T0.plusSeconds(10).toString(), switched.switchedAt(), "the first switch time stays");

        assertTrue(journal.finish(switched.finished(RollbackStatus.SUCCEEDED, 5, T0.toString(), null, "done", "ok")));
        assertFalse(journal.finish(switched.finished(RollbackStatus.FAILED, 5, T0.toString(), "e", "late", null)));
        RollbackRecord finished = journal.find(wf, PROD, "exec-a").orElseThrow();
        assertEquals(RollbackStatus.SUCCEEDED, finished.status());
        assertEquals("done", finished.message());
        assertEquals(switched.finished(RollbackStatus.SUCCEEDED, 5, T0.toString(), null, "done", "ok"), finished);

        AuditEntry entry = new AuditEntry(wf.value(), "prod", T0.toString(), "exec-a", 4, "switch",
                T0.toString(), "v2", "v1", "v2 -> v1");
        journal.audit(entry);
        journal.audit(new AuditEntry(wf.value(), "prod", T0.toString(), "exec-a", 4, "switch",
                T0.plusSeconds(9).toString(), "v2", "v1", "replayed"));
        journal.audit(new AuditEntry(wf.value(), "prod", T0.toString(), "exec-a", 1, "snapshot",
                T0.toString(), "v2", "v1", "lock taken"));
        List<AuditEntry> trail = journal.auditTrail(wf, PROD, 10);
        assertEquals(List.of("snapshot", "switch"), trail.stream().map(AuditEntry::step).toList());
        assertEquals(entry, trail.get(1), "the replayed entry was not written");
    }
}
