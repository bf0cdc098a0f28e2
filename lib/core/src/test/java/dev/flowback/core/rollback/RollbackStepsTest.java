package dev.flowback.core.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.DrainTimeoutException;
import dev.flowback.core.error.HealthCheckFailedException;
import dev.flowback.core.error.IncompatibleTargetException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.TargetRefusedException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.rollback.StepInputs.CompensationInput;
import dev.flowback.core.rollback.StepInputs.SnapshotInput;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain's step logic on in-memory ports: fast, no I/O, every rule that does not need a real store. */
class RollbackStepsTest {
    private static final WorkflowId WF = WorkflowId.of("wf-abc123");
    private static final EnvironmentName PROD = EnvironmentName.of("prod");
    private static final String STARTED = "2026-11-26T10:00:00Z";

    private InMemoryPorts mem;
    private int executions;

    @BeforeEach
    void environment() {
        mem = new InMemoryPorts();
        settings(HealthSettings.defaults().withWaits(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10)));
        for (String v : List.of("v1", "v2", "v3")) {
            publish(v, "^2.1.0");
        }
    }

    private void settings(HealthSettings health) {
        Environment environment = new Environment(WF, PROD, "flowback-engine", "2.4.1", health);
        if (mem.environments.find(WF, PROD).isEmpty()) {
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

    private static ObjectNode request(String target) {
        return Json.MAPPER.createObjectNode().put("workflow_id", WF.value()).put("environment", "prod")
                .put("target_version", target);
    }

    private RollbackTicket snapshot(String exec, ObjectNode request) {
        return new SnapshotStep(mem.ports).run(new SnapshotInput(request, exec, STARTED));
    }

    /** The state machine's happy path, in process. */
    private RollbackOutcome chain(String target, ObjectNode extra) {
        String exec = "exec-" + ++executions;
        ObjectNode request = request(target);
        request.setAll(extra);
        RollbackTicket ticket = snapshot(exec, request);
        new ValidateStep(mem.ports).run(ticket);
        DrainStatus drain = new PauseStep(mem.ports).pause(ticket);
        SwitchResult switched = new SwitchStep(mem.ports).run(ticket, drain);
        HealthWindow window = new VerifyStep(mem.ports).checkHealth(ticket, new HealthWindow(0, null, false, false, 0,
                null));
        return new VerifyStep(mem.ports).verify(ticket, switched, window);
    }

    private RollbackOutcome chain(String target) {
        return chain(target, Json.MAPPER.createObjectNode());
    }

    private void unhealthy() {
        mem.health = HealthReport.of("now", List.of(new HealthFinding("alarms", false, "x in ALARM")), null, null,
                List.of("x"), null);
    }

    private EnvironmentState state() {
        return mem.environments.find(WF, PROD).orElseThrow();
    }

    @Test
    void snapshotReportsEveryBadFieldAtOnceAndTakesNothing() {
        ObjectNode bad = Json.MAPPER.createObjectNode().put("workflow_id", "wf abc").put("environment", "PROD")
                .put("target_version", "1.2").put("force", "yes").put("trigger", "cron");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> snapshot("exec-x", bad));
        assertEquals(List.of("workflow_id", "environment", "target_version", "force", "trigger"),
                e.problems().stream().map(InvalidInputException.Problem::field).toList());
        assertNull(state().lock().holder());
        assertTrue(mem.journal.records.isEmpty());
    }

    @Test
    void aDryRunTakesNoLockAndEndsWithThePlan() {
        chain("v1");
        chain("v2");
        mem.leases.put(WF, PROD, "inst-1", mem.clock.instant(), mem.clock.instant().plusSeconds(60));
        EnvironmentState before = state();

        RollbackTicket ticket = snapshot("exec-dry", request("v1").put("dry_run", true));
        ValidationReport report = new ValidateStep(mem.ports).run(ticket);

        assertEquals(0, ticket.lockToken());
        assertEquals(before, state());
        RollbackOutcome plan = report.dryRun();
        assertEquals(RollbackStatus.DRY_RUN, plan.status());
        assertEquals("1 node changed", plan.plan().diffSummary());
        assertEquals(1, plan.plan().inFlight());
        assertTrue(plan.plan().steps().get(2).contains("revision 2 -> 3"), plan.plan().steps().toString());
        assertTrue(mem.journal.records.values().stream().noneMatch(r -> r.executionId().equals("exec-dry")));
    }

    @Test
    void previousPrefersTheVersionLiveBeforeAndFallsBackToTheRegistry() {
        assertEquals("v2", snapshot("exec-first", request("previous")).targetVersion(),
                "nothing live: the registry's previous (before the latest)");
        mem.environments.releaseLock(WF, PROD, "exec-first");
        chain("v1");
        chain("v3");
        assertEquals("v1", snapshot("exec-prev", request("previous")).targetVersion());
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
        assertThrows(TargetRefusedException.class, () -> new ValidateStep(mem.ports).run(same));
        mem.environments.releaseLock(WF, PROD, "exec-same");
        RollbackTicket forced = snapshot("exec-forced", request("v1").put("force", true));
        assertEquals(1, new ValidateStep(mem.ports).run(forced).overridden().size());
        mem.environments.releaseLock(WF, PROD, "exec-forced");

        mem.registry.markStatus(WF, VersionId.of("v2"), VersionStatus.BAD);
        RollbackTicket bad = snapshot("exec-bad", request("v2"));
        TargetRefusedException refused = assertThrows(TargetRefusedException.class,
                () -> new ValidateStep(mem.ports).run(bad));
        assertTrue(refused.getMessage().contains("marked BAD"), refused.getMessage());
        mem.environments.releaseLock(WF, PROD, "exec-bad");

        publish("v4", "^3.0.0");
        RollbackTicket major = snapshot("exec-major", request("v4").put("force", true));
        IncompatibleTargetException incompatible = assertThrows(IncompatibleTargetException.class,
                () -> new ValidateStep(mem.ports).run(major));
        assertTrue(incompatible.getMessage().contains("major"), incompatible.getMessage());
    }

    @Test
    void anUnreadableLiveVersionDoesNotBlockMovingAwayFromIt() {
        chain("v2");
        VersionRecord live = mem.registry.get(WF, VersionId.of("v2"));
        mem.snapshots.objects.put(live.snapshotKey(), "damaged".getBytes(StandardCharsets.UTF_8));
        ValidationReport report = new ValidateStep(mem.ports).run(snapshot("exec-away", request("v1")));
        assertTrue(report.overridden().get(0).contains("could not be read"), report.overridden().toString());
        assertEquals("live version unreadable: no diff", report.diffSummary());
    }

    @Test
    void theDrainDeadlineIsFixedOnceAndTheDrainEndsInATimeoutOrAForcedSwitch() {
        chain("v1");
        mem.leases.put(WF, PROD, "inst-1", mem.clock.instant(), mem.clock.instant().plus(Duration.ofHours(1)));
        RollbackTicket ticket = snapshot("exec-drain", request("v2"));
        DrainStatus first = new PauseStep(mem.ports).pause(ticket);
        assertFalse(first.proceed());
        assertEquals(1, first.inFlight());
        assertEquals(10, first.nextCheckInSeconds(), "the check interval, well before the deadline");
        mem.clock.advance(Duration.ofSeconds(30));
        assertEquals(first.deadline(), new PauseStep(mem.ports).pause(ticket).deadline(), "a replay keeps it");

        mem.clock.advance(Duration.ofSeconds(31));
        DrainTimeoutException timeout = assertThrows(DrainTimeoutException.class,
                () -> new PauseStep(mem.ports).checkDrain(ticket, first));
        assertTrue(timeout.getMessage().contains("1 instance(s) still in flight"), timeout.getMessage());

        RollbackTicket forced = new RollbackTicket(ticket.executionId(), ticket.startedAt(), ticket.workflowId(),
                ticket.environment(), ticket.fromVersion(), ticket.fromSha256(), ticket.fromRevision(),
                ticket.targetVersion(), ticket.targetSha256(), ticket.requestedTarget(), ticket.lockToken(), true,
                false, null, "test", "manual");
        DrainStatus goOn = new PauseStep(mem.ports).checkDrain(forced, first);
        assertTrue(goOn.forced() && goOn.proceed());
    }

    @Test
    void theHealthWindowEndsAtTheFirstFailedCheckOrAtItsDeadline() {
        settings(HealthSettings.defaults().withWaits(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(20)));
        RollbackTicket ticket = snapshot("exec-health", request("v1"));
        VerifyStep verify = new VerifyStep(mem.ports);
        HealthWindow w1 = verify.checkHealth(ticket, new HealthWindow(0, null, false, false, 0, null));
        assertFalse(w1.done());
        assertEquals(20, w1.nextCheckInSeconds());
        mem.clock.advance(Duration.ofSeconds(61));
        HealthWindow w2 = verify.checkHealth(ticket, w1);
        assertTrue(w2.done() && w2.healthy());
        assertEquals(w1.deadline(), w2.deadline());

        mem.health = HealthReport.of("now", List.of(new HealthFinding("error rate", false, "9 % > 5 %")), 0.09, null,
                List.of(), null);
        HealthWindow w3 = verify.checkHealth(ticket, w1);
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
        assertEquals(HealthCheckFailedException.class.getName(), held.error());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertEquals(VersionStatus.BAD, mem.registry.get(WF, VersionId.of("v1")).status());
        long revision = state().pointer().revision();

        RollbackTicket ticket = new RollbackTicket("exec-" + executions, STARTED, WF.value(), PROD.value(), "v2",
                null, 0, "v1", null, "v1", 0, false, false, null, null, null);
        RollbackOutcome replay = new VerifyStep(mem.ports).verify(ticket, null, null);
        assertEquals(held.message(), replay.message(), "a replay answers from the finished record");
        assertEquals(revision, state().pointer().revision());
        assertNull(state().lock().holder());
    }

    @Test
    void underRevertVerifyOnlyDecidesAndTheSwitchBackDrainsSwitchesAndFinishesOnce() {
        chain("v1");
        settings(HealthSettings.defaults().withWaits(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10))
                .withPolicy(VerifyFailurePolicy.REVERT));
        unhealthy();
        RollbackTicket ticket = snapshot("exec-revert", request("v3"));
        new ValidateStep(mem.ports).run(ticket);
        SwitchResult switched = new SwitchStep(mem.ports).run(ticket, new PauseStep(mem.ports).pause(ticket));
        HealthWindow window = new VerifyStep(mem.ports).checkHealth(ticket, null);
        EngineAdmission engine = new EngineAdmission(mem.environments, mem.leases, mem.clock, Duration.ofMinutes(5));
        assertTrue(engine.admit(WF, PROD, "inst-on-v3").admitted(), "the gate is open while health is watched");

        RollbackOutcome decided = new VerifyStep(mem.ports).verify(ticket, switched, window);
        assertEquals(RollbackStatus.REVERTING, decided.status());
        assertEquals(VersionId.of("v3"), state().pointer().activeVersion(), "Verify never moves the pointer");
        assertEquals(VersionStatus.BAD, mem.registry.get(WF, VersionId.of("v3")).status());
        assertTrue(state().lock().isHeldBy("exec-revert"), "the lock stays for the switch back");
        assertEquals(RollbackStatus.IN_PROGRESS, mem.journal.records.get("exec-revert").status());
        RollbackTicket back = decided.revert();
        assertEquals(List.of("v3", "v1", ticket.lockToken(), switched.revision(), true),
                List.of(back.fromVersion(), back.targetVersion(), back.lockToken(), back.fromRevision(),
                        back.revert()));
        assertEquals(ticket.targetSha256(), back.fromSha256());
        assertEquals(ticket.fromSha256(), back.targetSha256());
        assertEquals(decided, new VerifyStep(mem.ports).verify(ticket, switched, window), "a replay decides the same");

        DrainStatus drain = new PauseStep(mem.ports).pause(back);
        assertEquals(1, drain.inFlight(), "the instance admitted on v3 is waited for");
        assertFalse(drain.proceed());
        assertFalse(engine.admit(WF, PROD, "inst-late").admitted(), "nothing new starts on v3 meanwhile");
        engine.release(WF, PROD, "inst-on-v3");
        DrainStatus drained = new PauseStep(mem.ports).checkDrain(back, drain);
        assertTrue(drained.proceed());

        SwitchResult switchedBack = new SwitchStep(mem.ports).run(back, drained);
        assertTrue(switchedBack.revert());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertEquals(VersionId.of("v3"), state().pointer().previousVersion());
        assertEquals(switched.revision() + 1, switchedBack.revision());
        assertEquals("exec-revert" + RollbackTicket.REVERT_SWITCH_SUFFIX, state().pointer().lastSwitch());
        assertTrue(new SwitchStep(mem.ports).run(back, drained).alreadyDone(), "a replayed switch back");
        assertEquals(switchedBack.revision(), state().pointer().revision());
        assertThrows(InvalidInputException.class, () -> new VerifyStep(mem.ports).verify(back, switchedBack,
                window), "a revert is never verified, so never reverted");

        RollbackOutcome reverted = new RevertStep(mem.ports).finish(back, switchedBack, window);
        assertEquals(RollbackStatus.REVERTED, reverted.status());
        assertEquals(HealthCheckFailedException.class.getName(), reverted.error());
        assertEquals(List.of("v1", "v3", "v1"), List.of(reverted.fromVersion(), reverted.toVersion(),
                reverted.active()), "the outcome reads as the execution: v1 -> v3, and v1 is live again");
        assertNull(reverted.revert());
        assertTrue(reverted.message().contains("policy REVERT: drained and switched back to v1"),
                reverted.message());
        assertFalse(reverted.health().healthy());
        assertNull(state().lock().holder());
        assertFalse(state().gate().isClosed());
        RollbackRecord record = mem.journal.records.get("exec-revert");
        assertEquals(RollbackStatus.REVERTED, record.status());
        assertEquals(switchedBack.revision(), record.revision());
        assertEquals(List.of("snapshot/1", "pause/3", "switch/4", "verify/5", "pause/6", "switch/7", "revert/8"),
                mem.journal.audit.stream().filter(e -> e.executionId().equals("exec-revert"))
                        .map(e -> e.step() + "/" + e.ordinal()).toList());

        assertEquals(reverted, new RevertStep(mem.ports).finish(back, switchedBack, window), "a replayed finish");
        assertEquals(RollbackStatus.REVERTED, new VerifyStep(mem.ports).verify(ticket, switched, window).status(),
                "a late Verify answers from the finished record");
        assertEquals(switchedBack.revision(), state().pointer().revision());
        assertThrows(InvalidInputException.class, () -> new RevertStep(mem.ports).finish(ticket, switched, window));
    }

    @Test
    void aFirstDeploymentUnderRevertHoldsForThereIsNothingToGoBackTo() {
        settings(HealthSettings.defaults().withWaits(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))
                .withPolicy(VerifyFailurePolicy.REVERT));
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
        settings(HealthSettings.defaults().withWaits(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10))
                .withPolicy(VerifyFailurePolicy.REVERT));
        unhealthy();
        RollbackTicket ticket = snapshot("exec-stuck", request("v2"));
        SwitchResult switched = new SwitchStep(mem.ports).run(ticket, new PauseStep(mem.ports).pause(ticket));
        HealthWindow window = new VerifyStep(mem.ports).checkHealth(ticket, null);
        RollbackTicket back = new VerifyStep(mem.ports).verify(ticket, switched, window).revert();
        mem.leases.put(WF, PROD, "inst-long", mem.clock.instant(), mem.clock.instant().plus(Duration.ofHours(1)));
        DrainStatus drain = new PauseStep(mem.ports).pause(back);
        mem.clock.advance(Duration.ofSeconds(61));
        DrainTimeoutException timeout = assertThrows(DrainTimeoutException.class,
                () -> new PauseStep(mem.ports).checkDrain(back, drain));
        assertTrue(timeout.getMessage().contains("switching back aborted, so v2 (unhealthy, marked BAD) stays live"),
                timeout.getMessage());

        RollbackOutcome failed = new CompensateStep(mem.ports).run(new CompensationInput(request("v2"), back,
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
        RollbackTicket orphan = new RollbackTicket("exec-orphan", STARTED, WF.value(), PROD.value(), null, null, 0,
                "v1", null, "v1", 1, false, false, null, null, null);
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> new VerifyStep(mem.ports).verify(orphan, null, null));
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
                    if (method.getName().equals("acquireLock") && !interleaved.getAndSet(true)) {
                        chain("v3");
                    }
                    try {
                        return method.invoke(mem.environments, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ChainPorts ports = new ChainPorts(mem.registry, racing, mem.leases, mem.journal, mem.ports.health(),
                mem.clock, mem.ports.lockLease());

        RollbackTicket ticket = new SnapshotStep(ports).run(new SnapshotInput(request("previous"), "exec-late",
                STARTED));
        assertTrue(interleaved.get());
        assertEquals(List.of("v3", "v2", 3L), List.of(ticket.fromVersion(), ticket.targetVersion(),
                ticket.fromRevision()), "previous of v3 (not of v2, as first read), from what is live under the lock");
        assertEquals(mem.registry.get(WF, VersionId.of("v3")).sha256().hex(), ticket.fromSha256());
        assertEquals("v3", mem.journal.records.get("exec-late").fromVersion());
        SwitchResult switched = new SwitchStep(mem.ports).run(ticket, new PauseStep(mem.ports).pause(ticket));
        assertEquals(4, switched.revision(), "no VersionConflictException late in the run");
    }

    @Test
    void aStepOfAnExecutionThatLostItsLockCannotWrite() {
        chain("v1");
        RollbackTicket stale = snapshot("exec-slow", request("v2"));
        mem.clock.advance(Duration.ofMinutes(16));
        RollbackTicket taker = snapshot("exec-new", request("v3"));
        assertThrows(LockLostException.class, () -> new PauseStep(mem.ports).pause(stale));
        assertThrows(LockLostException.class, () -> new SwitchStep(mem.ports).run(stale, null));
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());

        new PauseStep(mem.ports).pause(taker);
        RollbackOutcome compensated = new CompensateStep(mem.ports).run(new CompensationInput(request("v2"), stale,
                null, new StepFailure(LockLostException.class.getName(), "lost"), stale.executionId(), STARTED));
        assertTrue(compensated.message().contains("gate closed by exec-new, left to it, lock held by exec-new, left to"
                + " it"), compensated.message());
        assertTrue(state().gate().isClosed() && state().lock().isHeldBy("exec-new"), "the new holder keeps both");
        assertEquals(RollbackStatus.FAILED, mem.journal.records.get("exec-slow").status());
    }

    @Test
    void aFailureAfterTheSwitchIsCompensatedWithTheTargetLiveAndTheMessageSaysSo() {
        chain("v1");
        RollbackTicket ticket = snapshot("exec-late-failure", request("v2"));
        SwitchResult switched = new SwitchStep(mem.ports).run(ticket, new PauseStep(mem.ports).pause(ticket));
        RollbackOutcome outcome = new CompensateStep(mem.ports).run(new CompensationInput(request("v2"), ticket,
                switched, new StepFailure("States.Timeout", null), ticket.executionId(), STARTED));
        assertTrue(outcome.message().contains("gate reopened, lock released; active version v2 (revision 2); the"
                + " switch had happened, so v2 stays live without a verdict"), outcome.message());
        assertEquals(VersionId.of("v2"), state().pointer().activeVersion(), "compensation never moves the pointer");

        // The switch's answer lost (retries exhausted): the pointer's last switch still tells.
        chain("v3");
        RollbackTicket lost = snapshot("exec-lost-answer", request("v1"));
        new SwitchStep(mem.ports).run(lost, new PauseStep(mem.ports).pause(lost));
        RollbackOutcome unaware = new CompensateStep(mem.ports).run(new CompensationInput(request("v1"), lost, null,
                new StepFailure("Lambda.ServiceException", "lost"), lost.executionId(), STARTED));
        assertTrue(unaware.message().endsWith("the switch had happened, so v1 stays live without a verdict"),
                unaware.message());
    }

    @Test
    void compensationUndoesOnlyWhatItsOwnExecutionTook() {
        chain("v1");
        RollbackTicket holder = snapshot("exec-holder", request("v2"));
        new PauseStep(mem.ports).pause(holder);
        StepFailure refusal = new StepFailure(RollbackInProgressException.class.getName(),
                RollbackInProgressException.class.getName() + ": held by exec-holder");
        RollbackOutcome other = new CompensateStep(mem.ports).run(new CompensationInput(request("v2"), null, null,
                refusal, "exec-other", STARTED));
        assertEquals(RollbackStatus.FAILED, other.status());
        assertEquals("held by exec-holder", other.message().substring(other.message().indexOf(": ") + 2,
                other.message().indexOf(" (")));
        assertTrue(state().gate().isClosed() && state().lock().isHeldBy("exec-holder"), "the holder keeps both");
        assertEquals(RollbackStatus.FAILED, mem.journal.records.get("exec-other").status());

        StepFailure drain = new StepFailure(DrainTimeoutException.class.getName(), "{\"errorMessage\": \"too slow\"}");
        RollbackOutcome own = new CompensateStep(mem.ports).run(new CompensationInput(request("v2"), holder, null,
                drain, holder.executionId(), STARTED));
        assertTrue(own.message().contains("too slow (DrainTimeoutException). gate reopened, lock released"),
                own.message());
        assertFalse(state().gate().isClosed());
        assertNull(state().lock().holder());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion(), "the pointer never moves here");
        RollbackRecord record = mem.journal.records.get(holder.executionId());
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(DrainTimeoutException.class.getName(), record.error());

        RollbackOutcome nobody = new CompensateStep(mem.ports).run(new CompensationInput(
                Json.MAPPER.createArrayNode(), null, null, new StepFailure(InvalidInputException.class.getName(),
                "bad"), "exec-garbage", STARTED));
        assertTrue(nobody.message().contains("nothing was locked or paused"), nobody.message());
    }

    @Test
    void engineAdmissionRefusesWhilePausedAndRejectsBadInstanceIds() {
        EngineAdmission admission = new EngineAdmission(mem.environments, mem.leases, mem.clock,
                Duration.ofMinutes(5));
        assertTrue(admission.admit(WF, PROD, "inst-1").admitted());
        RollbackTicket ticket = snapshot("exec-gate", request("v1"));
        new PauseStep(mem.ports).pause(ticket);
        EngineAdmission.Admission refused = admission.admit(WF, PROD, "inst-2");
        assertFalse(refused.admitted());
        assertEquals(1, mem.leases.countActive(WF, PROD, mem.clock.instant()));
        assertThrows(InvalidInputException.class, () -> admission.admit(WF, PROD, "bad id!"));
    }
}
