package dev.flowback.core.chain.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.StepOutOfOrderException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's defects at the step level, each reproduced first: steps out of order, late or of an ended execution are
 * refused and change nothing; the bytes are re-checked at the switch and before GOOD; GOOD needs evidence.
 */
class StepOrderTest {
    private static final WorkflowId WF = WorkflowId.of("wf-order");
    private static final EnvironmentRef REF = EnvironmentRef.of("wf-order", "prod");
    private static final String STARTED = "2026-11-26T10:00:00Z";

    private InMemoryPorts mem;

    @BeforeEach
    void v1Live() {
        mem = new InMemoryPorts();
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of("wf-order-errors")).build())
                .withRollout(RolloutPolicy.of(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10))),
                mem.clock.instant());
        mem.publishVersions(WF, "v1", "v2");
        assertEquals(RollbackStatus.SUCCEEDED, whole("exec-v1", "v1").status());
    }

    private RollbackTicket snapshot(String exec, String target) {
        return mem.snapshot().run(new SnapshotInput(new JsonObject().with("workflow_id", WF.value())
                .with("environment", "prod").with("target_version", target), exec, STARTED));
    }

    private RollbackOutcome whole(String exec, String target) {
        RollbackTicket ticket = snapshot(exec, target);
        mem.validate().run(ticket);
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        return mem.verify().run(ticket, switched, mem.checkHealth().run(ticket, null));
    }

    private EnvironmentState state() {
        return mem.environments.get(REF);
    }

    private void tamper(String version) {
        String key = mem.registry.get(WF, VersionId.of(version)).snapshotKey();
        mem.snapshots.objects.put(key, "{\"tampered\": true}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSnapshotDeliveredAfterItsExecutionEndedTakesNoLock() {
        whole("exec-done", "v2");
        long token = state().lock().token();
        StepOutOfOrderException late = assertThrows(StepOutOfOrderException.class, () -> snapshot("exec-done", "v1"));
        assertTrue(late.getMessage().contains("after its execution ended SUCCEEDED"), late.getMessage());
        assertNull(state().lock().holder(), "the environment is free for the next rollback");
        assertEquals(token, state().lock().token());
    }

    @Test
    void aSwitchWithoutThePauseIsRefusedAndThePointerStays() {
        RollbackTicket ticket = snapshot("exec-skip-pause", "v2");
        StepOutOfOrderException e = assertThrows(StepOutOfOrderException.class,
                () -> mem.switchStep().run(ticket, null));
        assertTrue(e.getMessage().contains("follows PAUSED or SWITCHED, and the rollback record is SNAPSHOT"),
                e.getMessage());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
        assertEquals(RollbackPhase.SNAPSHOT, mem.journal.record("exec-skip-pause").phase());
    }

    @Test
    void aVerifyWithoutTheSwitchMarksNothingAndClosesNothing() {
        RollbackTicket ticket = snapshot("exec-skip-switch", "v2");
        mem.pause().run(ticket);
        assertThrows(StepOutOfOrderException.class, () -> mem.verify().run(ticket, null, null));
        assertEquals(VersionStatus.CANDIDATE, mem.registry.get(WF, VersionId.of("v2")).status());
        assertEquals(RollbackStatus.IN_PROGRESS, mem.journal.record("exec-skip-switch").status());
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion());
    }

    @Test
    void aHealthCheckBeforeTheSwitchLeavesTheGateClosed() {
        RollbackTicket ticket = snapshot("exec-early-check", "v2");
        mem.pause().run(ticket);
        assertTrue(state().gate().isClosed());
        assertThrows(StepOutOfOrderException.class, () -> mem.checkHealth().run(ticket, null));
        assertTrue(state().gate().isClosed(), "the drain goes on: nothing reopened the gate");
    }

    @Test
    void validateAndTheDrainCheckKeepToTheirPlace() {
        RollbackTicket ticket = snapshot("exec-order", "v2");
        DrainStatus first = new DrainStatus(mem.clock.instant().plusSeconds(60), 0, true, false, true, 1, 0);
        assertThrows(StepOutOfOrderException.class, () -> mem.checkDrain().run(ticket, first), "before the pause");
        mem.validate().run(ticket);
        mem.pause().run(ticket);
        assertThrows(StepOutOfOrderException.class, () -> mem.validate().run(ticket), "after the pause");
    }

    @Test
    void everyStepOfAnEndedExecutionIsRefused() {
        RollbackTicket ticket = snapshot("exec-ended", "v2");
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        HealthWindow window = mem.checkHealth().run(ticket, null);
        mem.verify().run(ticket, switched, window);
        EnvironmentState after = state();
        assertThrows(StepOutOfOrderException.class, () -> mem.pause().run(ticket));
        assertThrows(StepOutOfOrderException.class, () -> mem.switchStep().run(ticket, null));
        assertThrows(StepOutOfOrderException.class, () -> mem.checkHealth().run(ticket, window));
        assertEquals(RollbackStatus.SUCCEEDED, mem.verify().run(ticket, switched, window).status(),
                "a replayed verify answers the same, writing nothing");
        assertEquals(after, state());
    }

    @Test
    void bytesTamperedWithAfterValidateStopTheSwitch() {
        RollbackTicket ticket = snapshot("exec-tamper", "v2");
        mem.validate().run(ticket);
        DrainStatus drain = mem.pause().run(ticket);
        tamper("v2");
        assertThrows(IntegrityException.class, () -> mem.switchStep().run(ticket, drain));
        assertEquals(VersionId.of("v1"), state().pointer().activeVersion(), "the pointer never named them");
    }

    @Test
    void bytesTamperedWithAfterTheSwitchKeepTheTargetFromGood() {
        RollbackTicket ticket = snapshot("exec-tamper-late", "v2");
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        HealthWindow window = mem.checkHealth().run(ticket, null);
        tamper("v2");
        RollbackOutcome outcome = mem.verify().run(ticket, switched, window);
        assertEquals(RollbackStatus.HELD, outcome.status());
        assertTrue(outcome.message().contains("engines cannot load it"), outcome.message());
        assertEquals(VersionStatus.BAD, mem.registry.get(WF, VersionId.of("v2")).status());
    }

    @Test
    void aSwitchWithNoHealthSignalIsLiveButNotGood() {
        mem.environments.updateSettings(state().environment().withHealth(HealthSignals.none()), mem.clock.instant());
        RollbackTicket ticket = snapshot("exec-no-signal", "v2");
        mem.validate().run(ticket);
        SwitchResult switched = mem.switchStep().run(ticket, mem.pause().run(ticket));
        HealthWindow window = mem.checkHealth().run(ticket, null);
        assertTrue(window.done(), "nothing to watch: the verification window ends at the first check");
        RollbackOutcome outcome = mem.verify().run(ticket, switched, window);
        assertEquals(RollbackStatus.UNVERIFIED, outcome.status(), "a probe's say-so is not evidence of a signal");
        assertTrue(outcome.message().contains("no health signal is configured"), outcome.message());
        assertEquals(VersionId.of("v2"), state().pointer().activeVersion());
        assertEquals(VersionStatus.CANDIDATE, mem.registry.get(WF, VersionId.of("v2")).status(), "not GOOD");
        assertFalse(state().lock().isHeld(mem.clock.instant()));
    }

    @Test
    void healthyChecksThatSawNothingAreNotEvidence() {
        mem.health = HealthReport.of(mem.clock.instant(), List.of(HealthFinding.noEvidence("alarms",
                "no data yet (INSUFFICIENT_DATA)")), null, null, List.of(), null);
        RollbackOutcome outcome = whole("exec-quiet", "v2");
        assertEquals(RollbackStatus.UNVERIFIED, outcome.status());
        assertTrue(outcome.message().contains("no health signal gave evidence"), outcome.message());
        assertEquals(VersionStatus.CANDIDATE, mem.registry.get(WF, VersionId.of("v2")).status());
    }
}
