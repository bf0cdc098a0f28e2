package dev.flowback.core.chain.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
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
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.EngineUnavailableException;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.testing.InMemoryEngine;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain's steps reaching an engine outside Flowback (the in-memory engine plays Dify or a webhook engine): pause
 * closes its admission and takes its count, the switch hands it the target's exact bytes after the pointer moved,
 * check-health reopens it, verify holds what it runs against the pointer, and a failed apply is compensated: pointer
 * restored, engine told, admission reopened, cause recorded.
 */
class EngineThroughStepsTest {
    private static final WorkflowId WF = WorkflowId.of("wf-engine1");
    private static final EnvironmentRef REF = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final String STARTED = "2026-11-26T10:00:00Z";

    private final InMemoryPorts mem = new InMemoryPorts();
    private final InMemoryEngine engine = new InMemoryEngine();
    private int executions;

    @BeforeEach
    void environment() {
        mem.engine = engine;
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1")
                .withRollout(RolloutPolicy.of(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10))),
                mem.clock.instant());
        mem.publishVersions(WF, "v1", "v2");
    }

    private RollbackTicket snapshot(String target) {
        JsonObject request = new JsonObject().with("workflow_id", WF.value()).with("environment", "prod")
                .with("target_version", target);
        RollbackTicket ticket = mem.snapshot().run(new SnapshotInput(request, "exec-" + ++executions, STARTED));
        mem.validate().run(ticket);
        return ticket;
    }

    private RollbackOutcome chain(String target) {
        RollbackTicket ticket = snapshot(target);
        DrainStatus drain = mem.pause().run(ticket);
        SwitchResult switched = mem.switchStep().run(ticket, drain);
        HealthWindow window = mem.checkHealth().run(ticket, new HealthWindow(0, null, false, false, 0, null, null,
                false));
        return mem.verify().run(ticket, switched, window);
    }

    private RollbackOutcome compensate(RollbackTicket ticket, FlowbackException cause) {
        return mem.compensate().run(new CompensationInput(null, ticket, null, new StepFailure(cause.getClass()
                .getName(), cause.getMessage()), ticket.executionId(), STARTED));
    }

    private RollbackRecord record(RollbackTicket ticket) {
        return mem.journal.find(REF, ticket.executionId()).orElseThrow();
    }

    @Test
    void eachStepReachesTheEngineAndTheSwitchHandsItTheTargetsExactBytes() {
        RollbackOutcome first = chain("v1");
        assertEquals(RollbackStatus.UNVERIFIED, first.status(), first.message());
        assertEquals(List.of("close " + REF + " exec-1", "count " + REF + " exec-1", "apply " + REF + " exec-1 v1",
                "open " + REF + " exec-1", "open " + REF + " exec-1"), engine.calls,
                "pause closes and counts, switch applies, check-health and verify reopen");
        assertArrayEquals(mem.registry.read(WF, VersionId.of("v1")).bytes(), engine.applied.get(0));
        assertTrue(engine.admitting(REF));
    }

    @Test
    void theDrainWaitsForTheEnginesOwnCount() {
        chain("v1");
        RollbackTicket ticket = snapshot("v2");
        engine.setInFlight(REF, 2);
        DrainStatus paused = mem.pause().run(ticket);
        assertFalse(engine.admitting(REF), "the pause closed the engine's admission");
        assertEquals(2, paused.inFlight());
        assertFalse(paused.drained());
        engine.setInFlight(REF, 0);
        DrainStatus drained = mem.checkDrain().run(ticket, paused);
        assertTrue(drained.drained(), "the engine reported none left");
    }

    @Test
    void aRefusedApplyIsCompensatedPointerRestoredEngineReopenedCauseRecorded() {
        chain("v1");
        RollbackTicket ticket = snapshot("v2");
        DrainStatus drain = mem.pause().run(ticket);
        engine.refuseNextApply("Dify did not import the DSL: invalid graph");
        EngineRefusedException refused = assertThrows(EngineRefusedException.class,
                () -> mem.switchStep().run(ticket, drain));
        assertEquals(VersionId.of("v2"), mem.environments.get(REF).pointer().activeVersion(),
                "the pointer moved first, as the single source of truth");
        assertEquals(RollbackPhase.PAUSED, record(ticket).phase(), "the record does not say SWITCHED");

        RollbackOutcome outcome = compensate(ticket, refused);
        assertEquals(RollbackStatus.FAILED, outcome.status());
        assertEquals(VersionId.of("v1"), mem.environments.get(REF).pointer().activeVersion(), "pointer restored");
        assertEquals(ticket.executionId() + PointerRestore.SUFFIX, mem.environments.get(REF).pointer().lastSwitch());
        assertTrue(engine.admitting(REF), "the engine's admission reopened");
        assertFalse(mem.environments.get(REF).gate().isClosed(), "the gate reopened");
        RollbackRecord record = record(ticket);
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(EngineRefusedException.class.getName(), record.error());
        assertTrue(record.message().contains("invalid graph") && record.message().contains("restored to v1")
                && record.message().contains("the engine still runs it"), record.message());
        assertEquals(1, engine.applied.size(), "the engine still ran v1: nothing handed back");

        long revision = mem.environments.get(REF).pointer().revision();
        assertEquals(RollbackStatus.FAILED, compensate(ticket, refused).status(), "a replay answers the same");
        assertEquals(revision, mem.environments.get(REF).pointer().revision(), "and moves nothing");
    }

    @Test
    void anApplyThatDidNotTakeIsRefusedAndTheEngineIsHandedBackWhatThePointerRestores() {
        chain("v1");
        RollbackTicket ticket = snapshot("v2");
        DrainStatus drain = mem.pause().run(ticket);
        engine.ignoreNextApply();
        EngineRefusedException refused = assertThrows(EngineRefusedException.class,
                () -> mem.switchStep().run(ticket, drain));
        assertTrue(refused.getMessage().contains("reports it runs v1"), refused.getMessage());
        // The engine now runs something else again (say the publish went through after all).
        engine.setRunning(REF, new RunningVersion(VersionId.of("v2"), mem.registry.get(WF, VersionId.of("v2"))
                .sha256(), "test"));
        RollbackOutcome outcome = compensate(ticket, refused);
        assertEquals(RollbackStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("handed back to the engine"), outcome.message());
        assertEquals(new String(mem.registry.read(WF, VersionId.of("v1")).bytes(), StandardCharsets.UTF_8),
                engine.lastAppliedText(), "the engine was handed v1's exact bytes again");
    }

    @Test
    void anUnreachableEngineOnAFirstDeploymentLeavesThePointerAndSaysSo() {
        RollbackTicket ticket = snapshot("v1");
        DrainStatus drain = mem.pause().run(ticket);
        engine.failNextApply("connect timed out");
        EngineUnavailableException down = assertThrows(EngineUnavailableException.class,
                () -> mem.switchStep().run(ticket, drain));
        RollbackOutcome outcome = compensate(ticket, down);
        assertEquals(RollbackStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("nothing was live before") && outcome.message().contains(
                "needs a person"), outcome.message());
        assertTrue(engine.admitting(REF));
    }

    @Test
    void verifyJudgesAnEngineRunningAnythingButThePointerUnhealthy() {
        chain("v1");
        RollbackTicket ticket = snapshot("v2");
        DrainStatus drain = mem.pause().run(ticket);
        SwitchResult switched = mem.switchStep().run(ticket, drain);
        HealthWindow window = mem.checkHealth().run(ticket, new HealthWindow(0, null, false, false, 0, null, null,
                false));
        engine.setRunning(REF, RunningVersion.unknown("an app published by hand"));
        RollbackOutcome outcome = mem.verify().run(ticket, switched, window);
        assertEquals(RollbackStatus.HELD, outcome.status(), outcome.message());
        assertTrue(outcome.message().contains("engine runs (not a Flowback version: an app published by hand)"),
                outcome.message());
    }

    @Test
    void aLateReplayOfAFinishedVerifyDoesNotReopenAnEngineAnotherRollbackPaused() {
        chain("v1");
        RollbackTicket first = snapshot("v2");
        DrainStatus drain = mem.pause().run(first);
        SwitchResult switched = mem.switchStep().run(first, drain);
        HealthWindow window = mem.checkHealth().run(first, new HealthWindow(0, null, false, false, 0, null, null,
                false));
        mem.verify().run(first, switched, window);
        RollbackTicket second = snapshot("v1");
        mem.pause().run(second);
        mem.verify().run(first, switched, window);
        assertFalse(engine.admitting(REF), "the replay left the second rollback's pause alone");
    }

    @Test
    void aFailedSwitchBackUnderRevertRestoresThePointerToWhatTheEngineStillRuns() {
        chain("v1");
        mem.environments.updateSettings(mem.environments.get(REF).environment().withHealth(HealthSignals.builder()
                .alarms(List.of("wf-engine1-errors")).build()).withRollout(RolloutPolicy.of(Duration.ofSeconds(60),
                Duration.ZERO, Duration.ofSeconds(10)).onVerifyFailure(VerifyFailurePolicy.REVERT)),
                mem.clock.instant());
        mem.health = HealthReport.of(mem.clock.instant(), List.of(new HealthFinding("alarms", false, "x in ALARM")),
                null, null, List.of("x"), null);
        RollbackTicket ticket = snapshot("v2");
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        RollbackOutcome decided = mem.verify().run(ticket, switched, mem.checkHealth().run(ticket, null));
        assertEquals(RollbackStatus.REVERTING, decided.status(), decided.message());
        RollbackTicket back = decided.revert();
        DrainStatus drain = mem.pause().run(back);
        engine.refuseNextApply("v1 no longer imports");
        EngineRefusedException refused = assertThrows(EngineRefusedException.class,
                () -> mem.switchStep().run(back, drain));
        assertEquals(VersionId.of("v1"), mem.environments.get(REF).pointer().activeVersion(), "the pointer moved back");

        RollbackOutcome outcome = mem.compensate().run(new CompensationInput(null, back, switched, new StepFailure(
                refused.getClass().getName(), refused.getMessage()), back.executionId(), STARTED));
        assertEquals(RollbackStatus.FAILED, outcome.status());
        assertEquals(VersionId.of("v2"), mem.environments.get(REF).pointer().activeVersion(),
                "restored to v2, which the engine still runs (BAD, but what runs)");
        assertEquals(ticket.executionId() + RollbackTicket.REVERT_SWITCH_SUFFIX + PointerRestore.SUFFIX,
                mem.environments.get(REF).pointer().lastSwitch());
        assertTrue(outcome.message().contains("restored to v2") && outcome.message().contains("no longer imports"),
                outcome.message());
        assertTrue(engine.admitting(REF));
    }
}
