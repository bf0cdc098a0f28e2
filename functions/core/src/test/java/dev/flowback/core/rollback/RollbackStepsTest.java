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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    void anUnhealthyTargetIsHeldByDefaultOrRevertedOnceAndAReplayChangesNothing() {
        chain("v1");
        chain("v2");
        mem.health = HealthReport.of("now", List.of(new HealthFinding("alarms", false, "x in ALARM")), null, null,
                List.of("x"), null);
        RollbackOutcome held = chain("v1");
        assertEquals(RollbackStatus.HELD, held.status());
        assertEquals(HealthCheckFailedException.class.getName(), held.error());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertEquals(VersionStatus.BAD, mem.registry.get(WF, VersionId.of("v1")).status());

        settings(HealthSettings.defaults().withWaits(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))
                .withPolicy(VerifyFailurePolicy.REVERT));
        RollbackTicket ticket = snapshot("exec-revert", request("v3"));
        new ValidateStep(mem.ports).run(ticket);
        SwitchResult switched = new SwitchStep(mem.ports).run(ticket, new PauseStep(mem.ports).pause(ticket));
        HealthWindow window = new VerifyStep(mem.ports).checkHealth(ticket, null);
        RollbackOutcome reverted = new VerifyStep(mem.ports).verify(ticket, switched, window);
        assertEquals(RollbackStatus.REVERTED, reverted.status());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        long revision = state().pointer().revision();

        RollbackOutcome replay = new VerifyStep(mem.ports).verify(ticket, switched, window);
        assertEquals(reverted.status(), replay.status());
        assertEquals(revision, state().pointer().revision(), "no second revert");
        assertNull(state().lock().holder());
        assertFalse(state().gate().isClosed());
    }

    @Test
    void aStepOfAnExecutionThatLostItsLockCannotWrite() {
        chain("v1");
        RollbackTicket stale = snapshot("exec-slow", request("v2"));
        mem.clock.advance(Duration.ofMinutes(16));
        snapshot("exec-new", request("v3"));
        assertThrows(LockLostException.class, () -> new PauseStep(mem.ports).pause(stale));
        assertThrows(LockLostException.class, () -> new SwitchStep(mem.ports).run(stale, null));
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
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
    void engineAdmissionWritesTheLeaseBeforeReadingTheGate() {
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
