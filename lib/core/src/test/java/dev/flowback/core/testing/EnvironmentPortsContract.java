package dev.flowback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.EnvironmentStore.SwitchOutcome;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rules every implementation of the environment ports keeps: the in-memory ports the step tests run on, and the
 * DynamoDB adapters on dynalite. Both run this suite, so the two cannot drift: a rule the steps rely on and a store
 * breaks fails here, against the store that breaks it.
 */
public abstract class EnvironmentPortsContract {
    protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(15);
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static final ContentHash SHA_A = new ContentHash("a".repeat(64));

    protected abstract EnvironmentStore environments();

    protected abstract InstanceLeases leases();

    protected abstract RollbackJournal journal();

    /** A new environment with nothing live, in a workflow no other test uses. */
    protected EnvironmentRef freshEnvironment() {
        EnvironmentRef ref = EnvironmentRef.of("wf-env-" + WORKFLOWS.incrementAndGet(), "prod");
        environments().create(Environment.of(ref, "flowback-engine", "2.4.1"), T0);
        return ref;
    }

    private static PointerSwitch change(EnvironmentRef ref, String holder, long token, String switchId,
                                        String expected, String target) {
        return new PointerSwitch(ref, holder, token, switchId, expected == null ? null : VersionId.of(expected),
                VersionId.of(target), SHA_A, T0, T0.plus(LEASE));
    }

    @Test
    void createsWithNothingLiveAndRoundTripsEverySetting() {
        EnvironmentRef ref = EnvironmentRef.of("wf-env-settings-" + WORKFLOWS.incrementAndGet(), "prod");
        Environment environment = Environment.of(ref, "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder()
                        .alarms(List.of("wf-errors", "wf-latency"))
                        .thresholds(0.02, 750)
                        .metrics(new MetricIdentity("Flowback/Engine", Map.of("Workflow", "wf", "Env", "prod"),
                                "Requests", "Errors", "Latency"))
                        .healthUrl("https://engine.internal/health")
                        .build())
                .withRollout(RolloutPolicy.of(Duration.ofSeconds(90), Duration.ofSeconds(120),
                        Duration.ofSeconds(10)).onVerifyFailure(VerifyFailurePolicy.REVERT));
        environments().create(environment, T0);

        EnvironmentState state = environments().get(ref);
        assertEquals(environment, state.environment());
        assertTrue(state.pointer().active().isEmpty());
        assertEquals(0, state.pointer().revision());
        assertNull(state.pointer().switchedAt());
        assertFalse(state.gate().isClosed());
        assertNull(state.lock().holder());

        assertThrows(VersionConflictException.class, () -> environments().create(environment, T0));
        Environment plain = Environment.of(ref, "flowback-engine", "2.5.0");
        environments().updateSettings(plain, T0);
        assertEquals(plain, environments().get(ref).environment(), "optional settings are removed");
        NotFoundException missing = assertThrows(NotFoundException.class, () -> environments().updateSettings(
                Environment.of(new EnvironmentRef(ref.workflow(), EnvironmentName.of("staging")),
                        "flowback-engine", "2.5.0"), T0));
        assertEquals(EnvironmentStore.notFound(new EnvironmentRef(ref.workflow(),
                EnvironmentName.of("staging"))).getMessage(), missing.getMessage(),
                "one wording for a missing environment");
    }

    @Test
    void eachEngineBindingRoundTripsAndAnUpdateReplacesItWhole() {
        EnvironmentRef ref = EnvironmentRef.of("wf-env-engine-" + WORKFLOWS.incrementAndGet(), "prod");
        assertEquals(EngineBinding.EMBEDDED_GATE, Environment.of(ref, "flowback-engine", "2.4.1").engine(),
                "the default keeps today's behaviour: engines embed the gate");
        Environment dify = Environment.of(ref, "dify", "1.9.2").withEngine(EngineBinding.of("dify", Map.of(
                "console_url", "https://dify.example.com/", "app_id", "3F1C2D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F",
                "credentials_secret_arn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dify-console-Ab12Cd",
                "close", "api", "password_encoding", "plain")));
        environments().create(dify, T0);
        Environment stored = environments().get(ref).environment();
        assertEquals(dify, stored);
        EngineBinding.Dify binding = (EngineBinding.Dify) stored.engine();
        assertEquals("https://dify.example.com", binding.consoleUrl().toString(), "no trailing slash");
        assertEquals("3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", binding.appId());
        assertEquals(Set.of(EngineBinding.Dify.Channel.API), binding.close());

        Environment webhook = Environment.of(ref, "acme-flow", "3.0.0").withEngine(EngineBinding.of("webhook",
                Map.of("url", "https://engine.internal/flowback/v1",
                        "signing_secret_arn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-Zz99Yy")));
        environments().updateSettings(webhook, T0);
        assertEquals(webhook, environments().get(ref).environment());

        environments().updateSettings(Environment.of(ref, "flowback-engine", "2.4.1"), T0);
        assertEquals(EngineBinding.EMBEDDED_GATE, environments().get(ref).environment().engine(),
                "back to the embedded gate: the webhook's settings are gone");
    }

    @Test
    void lockIsExclusiveReentrantAndTakenOverOnlyAfterItsLeaseEnds() {
        EnvironmentRef ref = freshEnvironment();
        RollbackLock first = environments().acquireLock(ref, "exec-a", T0, T0.plus(LEASE));
        assertEquals(1, first.token());
        assertEquals(first.token(), environments().acquireLock(ref, "exec-a", T0.plusSeconds(5), T0.plus(LEASE))
                .token(), "a retried snapshot re-enters with the same token");

        RollbackInProgressException busy = assertThrows(RollbackInProgressException.class,
                () -> environments().acquireLock(ref, "exec-b", T0.plusSeconds(10), T0.plus(LEASE)));
        assertEquals("exec-a", busy.holder());

        Instant later = T0.plus(LEASE).plusSeconds(1);
        RollbackLock takenOver = environments().acquireLock(ref, "exec-b", later, later.plus(LEASE));
        assertEquals(2, takenOver.token(), "a crashed holder's expired lease is taken over with a new token");
        assertThrows(LockLostException.class, () -> environments().renewLock(ref, "exec-a", 1, later.plus(LEASE)));

        assertFalse(environments().releaseLock(ref, "exec-a"), "only the holder releases");
        assertTrue(environments().releaseLock(ref, "exec-b"));
        assertFalse(environments().releaseLock(ref, "exec-b"), "a replayed release is a no-op");
        assertEquals(3, environments().acquireLock(ref, "exec-c", later, later.plus(LEASE)).token(),
                "tokens never repeat after a release");
        assertThrows(NotFoundException.class, () -> environments().acquireLock(EnvironmentRef.of("wf-none", "prod"),
                "x", T0, T0));
    }

    @Test
    void takingOverAnExpiredLockReopensTheGateItsCrashedHolderLeftClosed() {
        EnvironmentRef ref = freshEnvironment();
        environments().acquireLock(ref, "exec-crashed", T0, T0.plus(LEASE));
        environments().closeGate(ref, "exec-crashed", 1, T0, T0.plus(LEASE));
        // exec-crashed dies here, between its pause and its compensation.

        Instant later = T0.plus(LEASE).plusSeconds(1);
        RollbackLock taken = environments().acquireLock(ref, "exec-next", later, later.plus(LEASE));
        EnvironmentState state = environments().get(ref);
        assertEquals(2, taken.token());
        assertTrue(state.lock().isHeldBy("exec-next"));
        assertEquals(AdmissionGate.OPEN, state.gate(), "gate open, closedBy and closedAt gone: nothing of the dead"
                + " execution is left if exec-next fails before its own pause");
        assertFalse(environments().reopenGate(ref, "exec-crashed"));
        assertThrows(LockLostException.class, () -> environments().closeGate(ref, "exec-crashed", 1, later,
                later.plus(LEASE)), "the crashed execution, should it wake up, cannot close it again");

        // The new holder's own closed gate survives its re-entry (a replayed snapshot).
        AdmissionGate closed = environments().closeGate(ref, "exec-next", 2, later, later.plus(LEASE));
        environments().acquireLock(ref, "exec-next", later.plusSeconds(5), later.plus(LEASE));
        assertEquals(closed, environments().get(ref).gate());
    }

    @Test
    void gateClosesOnlyUnderTheLockAndKeepsItsFirstClosingTime() {
        EnvironmentRef ref = freshEnvironment();
        assertThrows(LockLostException.class, () -> environments().closeGate(ref, "exec-a", 1, T0, T0.plus(LEASE)));
        environments().acquireLock(ref, "exec-a", T0, T0.plus(LEASE));
        AdmissionGate closed = environments().closeGate(ref, "exec-a", 1, T0, T0.plus(LEASE));
        assertTrue(closed.isClosed());
        assertEquals(T0, closed.closedAt());
        assertEquals(T0, environments().closeGate(ref, "exec-a", 1, T0.plusSeconds(30), T0.plus(LEASE)).closedAt(),
                "a replayed pause keeps the drain's start");
        assertThrows(LockLostException.class, () -> environments().closeGate(ref, "exec-a", 7, T0, T0.plus(LEASE)));

        assertFalse(environments().reopenGate(ref, "exec-b"), "only the execution that closed it reopens it");
        assertTrue(environments().reopenGate(ref, "exec-a"));
        assertFalse(environments().reopenGate(ref, "exec-a"));
        assertFalse(environments().get(ref).gate().isClosed());
    }

    @Test
    void switchChecksTokenAndExpectedVersionAndRecognisesItsOwnReplay() {
        EnvironmentRef ref = freshEnvironment();
        environments().acquireLock(ref, "exec-a", T0, T0.plus(LEASE));
        assertThrows(VersionConflictException.class, () -> environments().switchPointer(
                change(ref, "exec-a", 1, "exec-a", "v1", "v2")), "nothing is live yet, so expecting v1 is wrong");
        SwitchOutcome first = environments().switchPointer(change(ref, "exec-a", 1, "exec-a", null, "v1"));
        assertFalse(first.alreadyDone());
        assertEquals(VersionId.of("v1"), first.pointer().activeVersion());
        assertEquals(SHA_A, first.pointer().activeSha256());
        assertEquals(1, first.pointer().revision());
        assertEquals(T0, first.pointer().switchedAt(), "the switch time is kept with the pointer");

        SwitchOutcome replay = environments().switchPointer(change(ref, "exec-a", 1, "exec-a", null, "v1"));
        assertTrue(replay.alreadyDone());
        assertEquals(1, replay.pointer().revision(), "a replay does not switch twice");

        assertThrows(LockLostException.class, () -> environments().switchPointer(
                change(ref, "exec-a", 9, "exec-a#2", "v1", "v2")));
        assertThrows(LockLostException.class, () -> environments().switchPointer(
                change(ref, "exec-z", 1, "exec-z", "v1", "v2")));
        SwitchOutcome second = environments().switchPointer(change(ref, "exec-a", 1, "exec-a#2", "v1", "v2"));
        assertEquals(VersionId.of("v1"), second.pointer().previousVersion());
        assertEquals(2, second.pointer().revision());
        assertEquals(VersionId.of("v2"), environments().get(ref).pointer().activeVersion());
    }

    @Test
    void leasesCountOnlyUntilTheyExpire() {
        EnvironmentRef ref = freshEnvironment();
        EnvironmentRef staging = new EnvironmentRef(ref.workflow(), EnvironmentName.of("staging"));
        leases().put(ref, "inst-1", T0, T0.plusSeconds(60));
        leases().put(ref, "inst-2", T0, T0.plusSeconds(120));
        leases().put(staging, "inst-3", T0, T0.plusSeconds(120));
        assertEquals(2, leases().countActive(ref, T0));
        assertEquals(1, leases().countActive(ref, T0.plusSeconds(61)), "a crashed engine's lease expires");
        leases().remove(ref, "inst-2");
        leases().remove(ref, "inst-2");
        assertEquals(0, leases().countActive(ref, T0.plusSeconds(61)));
        leases().put(ref, "renewed", T0, T0.plusSeconds(60));
        leases().put(ref, "renewed", T0.plusSeconds(50), T0.plusSeconds(300));
        assertEquals(1, leases().countActive(ref, T0.plusSeconds(61)), "a renewal extends the lease");
    }

    @Test
    void anAlarmsEvidenceStaysWithItsRecordThroughTheSwitchAndTheFinish() {
        EnvironmentRef ref = freshEnvironment();
        AlarmEvidence evidence = new AlarmEvidence("orders-latency-high", AlarmState.ALARM, "Threshold Crossed: 1"
                + " datapoint [300.5 (26/11/26 09:59:00)] was greater than the threshold (250.0)",
                Instant.parse("2026-11-26T09:59:30.123Z"), List.of(300.5, 1.0E-7, -42.0), 250.0);
        RollbackRecord open = new RollbackRecord("exec-e", ref, RollbackStatus.IN_PROGRESS, RollbackPhase.SNAPSHOT,
                VersionId.of("v2"), SHA_A, VersionId.of("v1"), SHA_A, VersionRef.parse("target_version",
                "last-known-good"), "alarm", RollbackTrigger.ALARM, "alarm:orders-latency-high", false, T0, null, 4,
                null, null, null, null, evidence);
        assertTrue(journal().open(open));
        assertEquals(open, journal().find(ref, "exec-e").orElseThrow());
        journal().advance(ref, "exec-e", EnumSet.of(RollbackPhase.SNAPSHOT), RollbackPhase.PAUSED);
        RollbackRecord switched = journal().recordSwitch(ref, "exec-e", EnumSet.of(RollbackPhase.PAUSED),
                RollbackPhase.SWITCHED, 5, T0.plusSeconds(10)).orElseThrow();
        assertEquals(evidence, journal().find(ref, "exec-e").orElseThrow().evidence(), "the phase moves keep it");
        assertTrue(journal().finish(switched.finished(RollbackStatus.SUCCEEDED, 5, T0.plusSeconds(20), null, "done",
                "ok"), EnumSet.of(RollbackPhase.SWITCHED)));
        assertEquals(evidence, journal().find(ref, "exec-e").orElseThrow().evidence());
    }

    @Test
    void theVerdictsTimeIsNotedOnceAndKeptThroughTheFinish() {
        EnvironmentRef ref = freshEnvironment();
        AlarmEvidence evidence = new AlarmEvidence("orders-errors", AlarmState.ALARM, "Threshold Crossed",
                T0.minusSeconds(30), List.of(9.0), 5.0);
        RollbackRecord open = new RollbackRecord("exec-v", ref, RollbackStatus.IN_PROGRESS, RollbackPhase.SWITCHED,
                VersionId.of("v2"), SHA_A, VersionId.of("v1"), SHA_A, VersionRef.parse("target_version",
                "last-known-good"), "alarm", RollbackTrigger.ALARM, "alarm:orders-errors", false, T0,
                T0.plusSeconds(10), 5, null, null, null, null, evidence);
        assertTrue(journal().open(open));
        assertNull(journal().find(ref, "exec-v").orElseThrow().verifiedAt(), "no verdict yet");
        Set<RollbackPhase> switched = EnumSet.of(RollbackPhase.SWITCHED, RollbackPhase.REVERTING);
        assertTrue(journal().recordVerdict(ref, "exec-v", EnumSet.of(RollbackPhase.PAUSED), RollbackPhase.REVERTING,
                T0.plusSeconds(20)).isEmpty(), "not from a phase not given");
        RollbackRecord decided = journal().recordVerdict(ref, "exec-v", switched, RollbackPhase.REVERTING,
                T0.plusSeconds(20)).orElseThrow();
        assertEquals(List.of(RollbackPhase.REVERTING, T0.plusSeconds(20)), List.of(decided.phase(),
                decided.verifiedAt()));
        journal().recordVerdict(ref, "exec-v", switched, RollbackPhase.REVERTING, T0.plusSeconds(25));
        assertEquals(T0.plusSeconds(20), journal().find(ref, "exec-v").orElseThrow().verifiedAt(),
                "a replay keeps the first verdict's time");
        RollbackRecord done = decided.finished(RollbackStatus.REVERTED, 6, T0.plusSeconds(40), "e", "reverted", "x");
        assertTrue(journal().finish(done, EnumSet.of(RollbackPhase.REVERTING)));
        RollbackRecord read = journal().find(ref, "exec-v").orElseThrow();
        assertEquals(done, read, "every field round-trips");
        assertEquals(List.of(Duration.ofSeconds(40), Duration.ofSeconds(50)), List.of(
                read.alarmToSwitched().orElseThrow(), read.alarmToVerified().orElseThrow()),
                "both latencies counted from the alarm's state change");
    }

    @Test
    void journalWritesOnceMovesOnlyFromThePhasesGivenAndNeverReopensAFinishedRecord() {
        EnvironmentRef ref = freshEnvironment();
        RollbackRecord open = new RollbackRecord("exec-a", ref, RollbackStatus.IN_PROGRESS, RollbackPhase.SNAPSHOT,
                VersionId.of("v2"), new ContentHash("b".repeat(64)), VersionId.of("v1"), SHA_A,
                VersionRef.parse("target_version", "previous"), "bad deploy", RollbackTrigger.ALARM, "ops", false, T0,
                null, 4, null, null, null, null);
        assertTrue(journal().open(open));
        assertFalse(journal().open(open.inPhase(RollbackPhase.SWITCHED)), "a replayed open leaves the record alone");
        assertEquals(RollbackPhase.SNAPSHOT, journal().find(ref, "exec-a").orElseThrow().phase());

        Set<RollbackPhase> paused = EnumSet.of(RollbackPhase.PAUSED, RollbackPhase.SWITCHED);
        assertTrue(journal().recordSwitch(ref, "exec-a", paused, RollbackPhase.SWITCHED, 5, T0.plusSeconds(10))
                .isEmpty(), "a switch before the pause moves nothing");
        assertEquals(RollbackPhase.PAUSED, journal().advance(ref, "exec-a", EnumSet.of(RollbackPhase.SNAPSHOT,
                RollbackPhase.PAUSED), RollbackPhase.PAUSED).orElseThrow().phase());
        assertTrue(journal().advance(ref, "exec-other", EnumSet.allOf(RollbackPhase.class), RollbackPhase.PAUSED)
                .isEmpty(), "no record, nothing moved, nothing created");
        assertTrue(journal().find(ref, "exec-other").isEmpty());

        RollbackRecord switched = journal().recordSwitch(ref, "exec-a", paused, RollbackPhase.SWITCHED, 5,
                T0.plusSeconds(10)).orElseThrow();
        journal().recordSwitch(ref, "exec-a", paused, RollbackPhase.SWITCHED, 5, T0.plusSeconds(20));
        assertEquals(T0.plusSeconds(10), journal().find(ref, "exec-a").orElseThrow().switchedAt(),
                "the first switch time stays");
        assertEquals(5, switched.revision());

        RollbackRecord done = switched.finished(RollbackStatus.SUCCEEDED, 5, T0.plusSeconds(30), null, "done", "ok");
        assertFalse(journal().finish(done, EnumSet.of(RollbackPhase.PAUSED)), "verify finishes only a SWITCHED one");
        assertTrue(journal().finish(done, EnumSet.of(RollbackPhase.SWITCHED)));
        assertFalse(journal().finish(switched.finished(RollbackStatus.FAILED, 5, T0, "e", "late", null),
                RollbackPhase.open()), "a finished record is never reopened");
        assertTrue(journal().advance(ref, "exec-a", RollbackPhase.open(), RollbackPhase.PAUSED).isEmpty());
        assertEquals(done, journal().find(ref, "exec-a").orElseThrow(), "every field round-trips");
        assertEquals(RollbackPhase.FINISHED, done.phase());

        RollbackRecord refused = open.finished(RollbackStatus.FAILED, 4, T0, "e", "refused", null);
        EnvironmentRef other = freshEnvironment();
        RollbackRecord elsewhere = new RollbackRecord("exec-b", other, refused.status(), refused.phase(),
                refused.fromVersion(), refused.fromSha256(), refused.targetVersion(), refused.targetSha256(),
                refused.requestedTarget(), refused.reason(), refused.trigger(), refused.requestedBy(), false, T0,
                null, 4, T0, "e", "refused", null);
        assertTrue(journal().finish(elsewhere, RollbackPhase.open()), "finish creates the record of a refusal");
        assertEquals(elsewhere, journal().find(other, "exec-b").orElseThrow());

        AuditEntry entry = new AuditEntry(ref, T0, "exec-a", 4, "switch", T0, VersionId.of("v2"), VersionId.of("v1"),
                "v2 -> v1");
        journal().audit(entry);
        journal().audit(new AuditEntry(ref, T0, "exec-a", 4, "switch", T0.plusSeconds(9), VersionId.of("v2"),
                VersionId.of("v1"), "replayed"));
        journal().audit(new AuditEntry(ref, T0, "exec-a", 1, "snapshot", T0, VersionId.of("v2"), VersionId.of("v1"),
                "lock taken"));
        List<AuditEntry> trail = journal().auditTrail(ref, 10);
        assertEquals(List.of("snapshot", "switch"), trail.stream().map(AuditEntry::step).toList());
        assertEquals(entry, trail.get(1), "the replayed entry was not written");
    }
}
