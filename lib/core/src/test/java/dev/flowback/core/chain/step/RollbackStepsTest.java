package dev.flowback.core.chain.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.EngineAdmission;
import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.payload.ValidationReport;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.error.DrainTimeoutException;
import dev.flowback.core.error.IncompatibleTargetException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.StepOutOfOrderException;
import dev.flowback.core.error.TargetRefusedException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain's step logic on in-memory ports: fast, no I/O, every rule that does not need a real store. */
class RollbackStepsTest {
    private static final WorkflowId WF = WorkflowId.of("wf-abc123");
    private static final EnvironmentRef REF = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final String STARTED = "2026-11-26T10:00:00Z";

    private InMemoryPorts mem;
    private int executions;

    @BeforeEach
    void environment() {
        mem = new InMemoryPorts();
        settings(RolloutPolicy.of(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10)));
        for (String v : List.of("v1", "v2", "v3")) {
            publish(v, "^2.1.0");
        }
    }

    private void settings(RolloutPolicy rollout) {
        Environment environment = Environment.of(REF, "flowback-engine", "2.4.1").withRollout(rollout)
                .withHealth(HealthSignals.builder().alarms(List.of("wf-abc123-errors")).build());
        if (mem.environments.find(REF).isEmpty()) {
            mem.environments.create(environment, mem.clock.instant());
        } else {
            mem.environments.updateSettings(environment, mem.clock.instant());
        }
    }

    private VersionRecord publish(String version, String engineRange) {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"flowback-engine\","
                + " \"version\": \"" + engineRange + "\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"},"
                + " {\"id\": \"llm\", \"type\": \"llm\", \"params\": {\"prompt\": \"" + version + "\"}}],"
                + " \"edges\": [{\"from\": \"start\", \"to\": \"llm\"}]}";
        return mem.registry.publish(PublishRequest.of(WF, VersionId.of(version),
                json.getBytes(StandardCharsets.UTF_8), "test", "")).version();
    }

    private static JsonObject request(String target) {
        return new JsonObject().with("workflow_id", WF.value()).with("environment", "prod")
                .with("target_version", target);
    }

    /** A ticket as a snapshot would issue it, for steps invoked out of the chain's order. */
    private RollbackTicket ticket(String exec, String from, String target, long token) {
        VersionId to = VersionId.of(target);
        return new RollbackTicket(exec, Instant.parse(STARTED), WF, REF.environment(),
                from == null ? null : VersionId.of(from), null, 0, to, mem.registry.get(WF, to).sha256(),
                VersionRef.of(to), token, false, false, null, null, RollbackTrigger.MANUAL, false);
    }

    private RollbackTicket snapshot(String exec, JsonObject request) {
        return mem.snapshot().run(new SnapshotInput(request, exec, STARTED));
    }

    /** The state machine's happy path, in process. */
    private RollbackOutcome chain(String target, JsonObject extra) {
        String exec = "exec-" + ++executions;
        JsonObject request = request(target);
        request.putAll(extra);
        RollbackTicket ticket = snapshot(exec, request);
        mem.validate().run(ticket);
        DrainStatus drain = mem.pause().run(ticket);
        SwitchResult switched = mem.switchStep().run(ticket, drain);
        HealthWindow window = mem.checkHealth().run(ticket, new HealthWindow(0, null, false, false, 0, null, null,
                false));
        return mem.verify().run(ticket, switched, window);
    }

    private RollbackOutcome chain(String target) {
        return chain(target, new JsonObject());
    }

    private void unhealthy() {
        mem.health = HealthReport.of(mem.clock.instant(), List.of(new HealthFinding("alarms", false, "x in ALARM")),
                null, null,
                List.of("x"), null);
    }

    private EnvironmentState state() {
        return mem.environments.find(REF).orElseThrow();
    }

    @Test
    void snapshotReportsEveryBadFieldAtOnceAndTakesNothing() {
        JsonObject bad = new JsonObject().with("workflow_id", "wf abc").with("environment", "PROD")
                .with("target_version", "1.2").with("force", "yes").with("trigger", "cron");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> snapshot("exec-x", bad));
        assertEquals(List.of("workflow_id", "environment", "target_version", "force", "trigger"),
                e.problems().stream().map(InvalidInputException.Problem::field).toList());
        assertNull(state().lock().holder());
        assertTrue(mem.journal.all().isEmpty());
    }

    @Test
    void aDryRunTakesNoLockAndEndsWithThePlan() {
        chain("v1");
        chain("v2");
        mem.leases.put(REF, "inst-1", mem.clock.instant(), mem.clock.instant().plusSeconds(60));
        EnvironmentState before = state();

        RollbackTicket ticket = snapshot("exec-dry", request("v1").with("dry_run", true));
        ValidationReport report = mem.validate().run(ticket);

        assertEquals(0, ticket.lockToken());
        assertEquals(before, state());
        RollbackOutcome plan = report.dryRun();
        assertEquals(RollbackStatus.DRY_RUN, plan.status());
        assertEquals("1 node changed", plan.plan().diffSummary());
        assertEquals(1, plan.plan().inFlight());
        assertTrue(plan.plan().steps().get(2).contains("revision 2 -> 3"), plan.plan().steps().toString());
        assertTrue(mem.journal.all().stream().noneMatch(r -> r.executionId().equals("exec-dry")));
    }

    @Test
    void previousPrefersTheVersionLiveBeforeAndFallsBackToTheRegistry() {
        assertEquals(VersionId.of("v2"), snapshot("exec-first", request("previous")).targetVersion(),
                "nothing live: the registry's previous (before the latest)");
        mem.environments.releaseLock(REF, "exec-first");
        chain("v1");
        chain("v3");
        assertEquals(VersionId.of("v1"), snapshot("exec-prev", request("previous")).targetVersion());
    }

    @Test
    void aSecondExecutionIsRefusedNamingTheHolderAndARetryReentersWithTheSameToken() {
        RollbackTicket first = snapshot("exec-a", request("v1"));
        assertEquals(first.lockToken(), snapshot("exec-a", request("v1")).lockToken());
        RollbackInProgressException e = assertThrows(RollbackInProgressException.class,
                () -> snapshot("exec-b", request("v1")));
        assertEquals("exec-a", e.holder());
    }

    @Test
    void validateRefusesWhatIsLiveOrBadUnlessForcedButNeverAnotherEngineMajor() {
        chain("v1");
        RollbackTicket same = snapshot("exec-same", request("v1"));
        assertThrows(TargetRefusedException.class, () -> mem.validate().run(same));
        mem.environments.releaseLock(REF, "exec-same");
        RollbackTicket forced = snapshot("exec-forced", request("v1").with("force", true));
        assertEquals(1, mem.validate().run(forced).overridden().size());
        mem.environments.releaseLock(REF, "exec-forced");

        mem.registry.markStatus(WF, VersionId.of("v2"), VersionStatus.BAD);
        RollbackTicket bad = snapshot("exec-bad", request("v2"));
        TargetRefusedException refused = assertThrows(TargetRefusedException.class,
                () -> mem.validate().run(bad));
        assertTrue(refused.getMessage().contains("marked BAD"), refused.getMessage());
        mem.environments.releaseLock(REF, "exec-bad");

        publish("v4", "^3.0.0");
        RollbackTicket major = snapshot("exec-major", request("v4").with("force", true));
        IncompatibleTargetException incompatible = assertThrows(IncompatibleTargetException.class,
                () -> mem.validate().run(major));
        assertTrue(incompatible.getMessage().contains("major"), incompatible.getMessage());
    }

    @Test
    void anUnreadableLiveVersionDoesNotBlockMovingAwayFromIt() {
        chain("v2");
        VersionRecord live = mem.registry.get(WF, VersionId.of("v2"));
        mem.snapshots.objects.put(live.snapshotKey(), "damaged".getBytes(StandardCharsets.UTF_8));
        ValidationReport report = mem.validate().run(snapshot("exec-away", request("v1")));
        assertTrue(report.overridden().get(0).contains("could not be read"), report.overridden().toString());
        assertEquals("live version unreadable: no diff", report.diffSummary());
    }

    @Test
    void theDrainDeadlineIsFixedOnceAndTheDrainEndsInATimeoutOrAForcedSwitch() {
        chain("v1");
        mem.leases.put(REF, "inst-1", mem.clock.instant(), mem.clock.instant().plus(Duration.ofHours(1)));
        RollbackTicket ticket = snapshot("exec-drain", request("v2"));
        DrainStatus first = mem.pause().run(ticket);
        assertFalse(first.proceed());
        assertEquals(1, first.inFlight());
        assertEquals(10, first.nextCheckInSeconds(), "the check interval, well before the deadline");
        mem.clock.advance(Duration.ofSeconds(30));
        assertEquals(first.deadline(), mem.pause().run(ticket).deadline(), "a replay keeps it");

        mem.clock.advance(Duration.ofSeconds(31));
        DrainTimeoutException timeout = assertThrows(DrainTimeoutException.class,
                () -> mem.checkDrain().run(ticket, first));
        assertTrue(timeout.getMessage().contains("1 instance(s) still in flight"), timeout.getMessage());

        RollbackTicket forced = new RollbackTicket(ticket.executionId(), ticket.startedAt(), ticket.workflowId(),
                ticket.environment(), ticket.fromVersion(), ticket.fromSha256(), ticket.fromRevision(),
                ticket.targetVersion(), ticket.targetSha256(), ticket.requestedTarget(), ticket.lockToken(), true,
                false, null, "test", RollbackTrigger.MANUAL, false);
        DrainStatus goOn = mem.checkDrain().run(forced, first);
        assertTrue(goOn.forced() && goOn.proceed());
    }

    @Test
    void aReplayedSwitchWritesNothingAndReportsTheFirstSwitchsTime() {
        RollbackTicket ticket = snapshot("exec-replayed-switch", request("v1"));
        DrainStatus drain = mem.pause().run(ticket);
        SwitchResult first = mem.switchStep().run(ticket, drain);
        mem.clock.advance(Duration.ofSeconds(42));
        SwitchResult replay = mem.switchStep().run(ticket, drain);
        assertTrue(replay.alreadyDone());
        assertEquals(first.revision(), replay.revision());
        assertEquals(first.switchedAt(), replay.switchedAt(), "the switch happened once, at its first time");
        assertEquals(first.switchedAt(), state().pointer().switchedAt(), "the pointer keeps when it moved");
        assertEquals(first.switchedAt(), mem.journal.record("exec-replayed-switch").switchedAt());
    }

    @Test
    void theHealthWindowEndsAtTheFirstFailedCheckOrAtItsDeadline() {
        settings(RolloutPolicy.of(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(20)));
        RollbackTicket ticket = snapshot("exec-health", request("v1"));
        mem.switchStep().run(ticket, mem.pause().run(ticket));
        CheckHealthStep check = mem.checkHealth();
        HealthWindow w1 = check.run(ticket, new HealthWindow(0, null, false, false, 0, null, null, false));
        assertFalse(w1.done());
        assertEquals(20, w1.nextCheckInSeconds());
        mem.clock.advance(Duration.ofSeconds(61));
        HealthWindow w2 = check.run(ticket, w1);
        assertTrue(w2.done() && w2.healthy());
        assertEquals(w1.deadline(), w2.deadline());

        mem.health = HealthReport.of(mem.clock.instant(), List.of(new HealthFinding("error rate", false,
                "9 % > 5 %")), 0.09, null, List.of(), null);
        HealthWindow w3 = check.run(ticket, w1);
        assertTrue(w3.done());
        assertFalse(w3.healthy());
    }

    @Test
    void anUnhealthyTargetIsHeldByDefaultAndAReplayChangesNothing() {
        chain("v1");
        chain("v2");
        unhealthy();
        RollbackOutcome held = chain("v1");
        assertEquals(RollbackStatus.HELD, held.status());
        assertEquals(RollbackOutcome.UNHEALTHY, held.error());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertEquals(VersionStatus.BAD, mem.registry.get(WF, VersionId.of("v1")).status());
        long revision = state().pointer().revision();

        RollbackTicket ticket = ticket("exec-" + executions, "v2", "v1", 0);
        RollbackOutcome replay = mem.verify().run(ticket, null, null);
        assertEquals(held.message(), replay.message(), "a replay answers from the finished record");
        assertEquals(revision, state().pointer().revision());
        assertNull(state().lock().holder());
        RollbackRecord record = mem.journal.record(ticket.executionId());
        assertNotNull(record.verifiedAt(), "an unhealthy verdict is a verdict too");
        assertEquals(record.finishedAt(), record.verifiedAt(), "held: verify decided and closed at once");
        assertFalse(record.switchedAt().isAfter(record.verifiedAt()));
    }

    @Test
    void underRevertVerifyOnlyDecidesAndTheSwitchBackDrainsSwitchesAndFinishesOnce() {
        chain("v1");
        settings(RolloutPolicy.of(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10))
                .onVerifyFailure(VerifyFailurePolicy.REVERT));
        unhealthy();
        RollbackTicket ticket = snapshot("exec-revert", request("v3"));
        mem.validate().run(ticket);
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        HealthWindow window = mem.checkHealth().run(ticket, null);
        EngineAdmission engine = new EngineAdmission(mem.environments, mem.leases, mem.clock, Duration.ofMinutes(5));
        assertTrue(engine.admit(REF, "inst-on-v3").admitted(), "the gate is open while health is watched");

        mem.clock.advance(Duration.ofSeconds(7));
        Instant verdictAt = mem.clock.instant();
        RollbackOutcome decided = mem.verify().run(ticket, switched, window);
        assertEquals(RollbackStatus.REVERTING, decided.status());
        assertEquals(verdictAt, mem.journal.record("exec-revert").verifiedAt(), "the verdict's time, on deciding");
        assertEquals(VersionId.of("v3"), state().pointer().activeVersion(), "Verify never moves the pointer");
        assertEquals(VersionStatus.BAD, mem.registry.get(WF, VersionId.of("v3")).status());
        assertTrue(state().lock().isHeldBy("exec-revert"), "the lock stays for the switch back");
        assertEquals(RollbackStatus.IN_PROGRESS, mem.journal.record("exec-revert").status());
        RollbackTicket back = decided.revert();
        assertEquals(List.of(VersionId.of("v3"), VersionId.of("v1"), ticket.lockToken(), switched.revision(), true),
                List.of(back.fromVersion(), back.targetVersion(), back.lockToken(), back.fromRevision(),
                        back.revert()));
        assertEquals(ticket.targetSha256(), back.fromSha256());
        assertEquals(ticket.fromSha256(), back.targetSha256());
        assertEquals(decided, mem.verify().run(ticket, switched, window), "a replay decides the same");

        DrainStatus drain = mem.pause().run(back);
        assertEquals(1, drain.inFlight(), "the instance admitted on v3 is waited for");
        assertFalse(drain.proceed());
        assertFalse(engine.admit(REF, "inst-late").admitted(), "nothing new starts on v3 meanwhile");
        engine.release(REF, "inst-on-v3");
        DrainStatus drained = mem.checkDrain().run(back, drain);
        assertTrue(drained.proceed());

        SwitchResult switchedBack = mem.switchStep().run(back, drained);
        assertTrue(switchedBack.revert());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertEquals(VersionId.of("v3"), state().pointer().previousVersion());
        assertEquals(switched.revision() + 1, switchedBack.revision());
        assertEquals("exec-revert" + RollbackTicket.REVERT_SWITCH_SUFFIX, state().pointer().lastSwitch());
        assertTrue(mem.switchStep().run(back, drained).alreadyDone(), "a replayed switch back");
        assertEquals(switchedBack.revision(), state().pointer().revision());
        assertThrows(InvalidInputException.class, () -> mem.verify().run(back, switchedBack,
                window), "a revert is never verified, so never reverted");

        mem.clock.advance(Duration.ofSeconds(5));
        RollbackOutcome reverted = mem.finishRevert().run(back, switchedBack, window);
        assertEquals(RollbackStatus.REVERTED, reverted.status());
        assertEquals(RollbackOutcome.UNHEALTHY, reverted.error());
        assertEquals(List.of("v1", "v3", "v1"), List.of(reverted.fromVersion(), reverted.toVersion(),
                reverted.active()), "the outcome reads as the execution: v1 -> v3, and v1 is live again");
        assertNull(reverted.revert());
        assertTrue(reverted.message().contains("policy REVERT: drained and switched back to v1"),
                reverted.message());
        assertFalse(reverted.health().healthy());
        assertNull(state().lock().holder());
        assertFalse(state().gate().isClosed());
        RollbackRecord record = mem.journal.record("exec-revert");
        assertEquals(RollbackStatus.REVERTED, record.status());
        assertEquals(switchedBack.revision(), record.revision());
        assertEquals(List.of(switched.switchedAt(), verdictAt, verdictAt.plusSeconds(5)), Arrays.asList(
                record.switchedAt(), record.verifiedAt(), record.finishedAt()), "switched, verified when verify"
                + " decided (not when the revert finished), finished after the switch back");
        assertTrue(record.alarmAt().isEmpty() && record.alarmToVerified().isEmpty(), "no alarm started it");
        assertEquals(List.of("snapshot/1", "pause/3", "switch/4", "verify/5", "pause/6", "switch/7", "revert/8"),
                mem.journal.audit.stream().filter(e -> e.executionId().equals("exec-revert"))
                        .map(e -> e.step() + "/" + e.place()).toList());

        assertEquals(reverted, mem.finishRevert().run(back, switchedBack, window), "a replayed finish");
        assertEquals(RollbackStatus.REVERTED, mem.verify().run(ticket, switched, window).status(),
                "a late Verify answers from the finished record");
        assertEquals(switchedBack.revision(), state().pointer().revision());
        assertThrows(InvalidInputException.class, () -> mem.finishRevert().run(ticket, switched, window));
    }

    @Test
    void aFirstDeploymentUnderRevertHoldsForThereIsNothingToGoBackTo() {
        settings(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))
                .onVerifyFailure(VerifyFailurePolicy.REVERT));
        unhealthy();
        RollbackOutcome outcome = chain("v1");
        assertEquals(RollbackStatus.HELD, outcome.status());
        assertNull(outcome.revert());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertNull(state().lock().holder());
    }

    @Test
    void theRevertDrainTimingOutIsCompensatedWithTheFailedTargetLeftLiveAndSaidSo() {
        chain("v1");
        settings(RolloutPolicy.of(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10))
                .onVerifyFailure(VerifyFailurePolicy.REVERT));
        unhealthy();
        RollbackTicket ticket = snapshot("exec-stuck", request("v2"));
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        HealthWindow window = mem.checkHealth().run(ticket, null);
        RollbackTicket back = mem.verify().run(ticket, switched, window).revert();
        mem.leases.put(REF, "inst-long", mem.clock.instant(), mem.clock.instant().plus(Duration.ofHours(1)));
        DrainStatus drain = mem.pause().run(back);
        mem.clock.advance(Duration.ofSeconds(61));
        DrainTimeoutException timeout = assertThrows(DrainTimeoutException.class,
                () -> mem.checkDrain().run(back, drain));
        assertTrue(timeout.getMessage().contains("switching back aborted, so v2 (unhealthy, marked BAD) stays live"),
                timeout.getMessage());

        RollbackOutcome failed = mem.compensate().run(new CompensationInput(request("v2"), back,
                switched, new StepFailure(DrainTimeoutException.class.getName(), timeout.getMessage()),
                back.executionId(), STARTED));
        assertEquals(RollbackStatus.FAILED, failed.status());
        assertEquals(List.of("v1", "v2", "v2"), List.of(failed.fromVersion(), failed.toVersion(), failed.active()));
        assertTrue(failed.message().contains("gate reopened, lock released")
                && failed.message().contains("the switch back to v1 did not happen, so v2 stays live"),
                failed.message());
        assertFalse(state().gate().isClosed());
        assertNull(state().lock().holder());
    }

    @Test
    void verifyWithoutARecordFailsWithAFlowbackErrorNamingTheExecution() {
        RollbackTicket orphan = ticket("exec-orphan", null, "v1", 1);
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> mem.verify().run(orphan, null, null));
        assertTrue(e.getMessage().contains("no rollback record for execution exec-orphan"), e.getMessage());
    }

    @Test
    void snapshotResolvesAgainstWhatIsLiveOnceItHoldsTheLock() {
        chain("v1");
        chain("v2");
        // Another execution switches v2 -> v3 between this snapshot's first read and its lock.
        AtomicBoolean interleaved = new AtomicBoolean();
        EnvironmentStore racing = (EnvironmentStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EnvironmentStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("acquireLock") && !interleaved.getAndSet(true)) {
                        chain("v3");
                    }
                    try {
                        return method.invoke(mem.environments, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RollbackTicket ticket = new SnapshotStep(mem.registry, racing, mem.journal, mem.lockLease)
                .run(new SnapshotInput(request("previous"), "exec-late", STARTED));
        assertTrue(interleaved.get());
        assertEquals(List.of("v3", "v2", "3"), List.of(ticket.fromVersion().value(), ticket.targetVersion().value(),
                String.valueOf(ticket.fromRevision())),
                "previous of v3 (not of v2, as first read), from what is live under the lock");
        assertEquals(mem.registry.get(WF, VersionId.of("v3")).sha256(), ticket.fromSha256());
        assertEquals(VersionId.of("v3"), mem.journal.record("exec-late").fromVersion());
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        assertEquals(4, switched.revision(), "no VersionConflictException late in the run");
    }

    @Test
    void anExecutionWhoseLockWasTakenOverIsClosedByTheTakerAndCannotWriteAgain() {
        chain("v1");
        RollbackTicket stale = snapshot("exec-slow", request("v2"));
        mem.clock.advance(Duration.ofMinutes(16));
        RollbackTicket taker = snapshot("exec-new", request("v3"));
        RollbackRecord abandoned = mem.journal.record("exec-slow");
        assertEquals(RollbackStatus.FAILED, abandoned.status(), "the taker closes the dead execution's record");
        assertEquals(StepFailure.EXECUTION_ENDED, abandoned.error());
        assertTrue(abandoned.message().contains("stopped without finishing") && abandoned.message()
                .contains("taken over by exec-new"), abandoned.message());
        assertThrows(StepOutOfOrderException.class, () -> mem.pause().run(stale));
        assertThrows(StepOutOfOrderException.class, () -> mem.switchStep().run(stale, null));
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());

        mem.pause().run(taker);
        RollbackOutcome compensated = mem.compensate().run(new CompensationInput(request("v2"), stale,
                null, new StepFailure(LockLostException.class.getName(), "lost"), stale.executionId(), STARTED));
        assertEquals(RollbackStatus.FAILED, compensated.status());
        assertTrue(state().gate().isClosed() && state().lock().isHeldBy("exec-new"), "the new holder keeps both");
        assertEquals(abandoned, mem.journal.record("exec-slow"), "a late compensation changes nothing");
    }

    @Test
    void aStepThatLostItsLockWhileItsRecordIsStillOpenGetsLockLost() {
        chain("v1");
        RollbackTicket stale = snapshot("exec-slow-2", request("v2"));
        mem.pause().run(stale);
        mem.clock.advance(Duration.ofMinutes(16));
        // Another execution takes the expired lock over without (yet) closing the stale record.
        mem.environments.acquireLock(REF, "exec-other", mem.clock.instant(), mem.clock.instant().plusSeconds(900));
        assertThrows(LockLostException.class, () -> mem.switchStep().run(stale, null));
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
    }

    @Test
    void aFailureAfterTheSwitchIsCompensatedWithTheTargetLiveAndTheMessageSaysSo() {
        chain("v1");
        RollbackTicket ticket = snapshot("exec-late-failure", request("v2"));
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        RollbackOutcome outcome = mem.compensate().run(new CompensationInput(request("v2"), ticket,
                switched, new StepFailure("States.Timeout", null), ticket.executionId(), STARTED));
        assertTrue(outcome.message().contains("gate reopened, lock released; active version v2 (revision 2); the"
                + " switch had happened, so v2 stays live without a verdict"), outcome.message());
        assertEquals(VersionId.of("v2"), state().pointer().activeVersion(), "compensation never moves the pointer");

        // The switch's answer lost (retries exhausted): the pointer's last switch still tells.
        chain("v3");
        RollbackTicket lost = snapshot("exec-lost-answer", request("v1"));
        mem.switchStep().run(lost, mem.pause().run(lost));
        RollbackOutcome unaware = mem.compensate().run(new CompensationInput(request("v1"), lost, null,
                new StepFailure("Lambda.ServiceException", "lost"), lost.executionId(), STARTED));
        assertTrue(unaware.message().endsWith("the switch had happened, so v1 stays live without a verdict"),
                unaware.message());
    }

    @Test
    void compensationUndoesOnlyWhatItsOwnExecutionTook() {
        chain("v1");
        RollbackTicket holder = snapshot("exec-holder", request("v2"));
        mem.pause().run(holder);
        StepFailure refusal = new StepFailure(RollbackInProgressException.class.getName(), "held by exec-holder");
        RollbackOutcome other = mem.compensate().run(new CompensationInput(request("v2"), null, null,
                refusal, "exec-other", STARTED));
        assertEquals(RollbackStatus.REFUSED, other.status(), "another rollback in progress: refused, not failed");
        assertEquals("held by exec-holder", other.message().substring(other.message().indexOf(": ") + 2,
                other.message().indexOf(" (")));
        assertTrue(state().gate().isClosed() && state().lock().isHeldBy("exec-holder"), "the holder keeps both");
        assertEquals(RollbackStatus.REFUSED, mem.journal.record("exec-other").status());

        StepFailure drain = new StepFailure(DrainTimeoutException.class.getName(), "too slow");
        RollbackOutcome own = mem.compensate().run(new CompensationInput(request("v2"), holder, null,
                drain, holder.executionId(), STARTED));
        assertTrue(own.message().contains("too slow (DrainTimeoutException). gate reopened, lock released"),
                own.message());
        assertFalse(state().gate().isClosed());
        assertNull(state().lock().holder());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion(), "the pointer never moves here");
        RollbackRecord record = mem.journal.record(holder.executionId());
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(DrainTimeoutException.class.getName(), record.error());

        RollbackOutcome nobody = mem.compensate().run(new CompensationInput(
                List.of(), null, null, new StepFailure(InvalidInputException.class.getName(),
                "bad"), "exec-garbage", STARTED));
        assertTrue(nobody.message().contains("nothing was locked or paused"), nobody.message());
    }

    @Test
    void engineAdmissionRefusesWhilePausedAndRejectsBadInstanceIds() {
        EngineAdmission admission = new EngineAdmission(mem.environments, mem.leases, mem.clock,
                Duration.ofMinutes(5));
        assertFalse(admission.admit(REF, "inst-0").admitted(), "nothing is live yet");
        chain("v2");
        assertTrue(admission.admit(REF, "inst-1").admitted());
        RollbackTicket ticket = snapshot("exec-gate", request("v1"));
        mem.pause().run(ticket);
        EngineAdmission.Admission refused = admission.admit(REF, "inst-2");
        assertFalse(refused.admitted());
        assertEquals(1, mem.leases.countActive(REF, mem.clock.instant()));
        assertThrows(InvalidInputException.class, () -> admission.admit(REF, "bad id!"));
    }
}
