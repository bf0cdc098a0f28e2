package dev.flowback.sandbox;

import static dev.flowback.sandbox.ChainFixture.executionId;
import static dev.flowback.sandbox.ChainFixture.executionName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.error.DrainTimeoutException;
import dev.flowback.core.error.IncompatibleTargetException;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.MessageBounds;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.StepOutOfOrderException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.emulators.ExecutionResult;
import dev.flowback.engine.gate.EngineGate;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.sandbox.RollbackRun.AnnouncedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The rollback chain end to end: the real statemachine/rollback.asl.json run by aws-local-stepfunctions against the
 * real handlers on a local Lambda endpoint, over S3Proxy and dynalite. Each scenario asserts the end state: pointer,
 * revision, gate, lock, rollback record and the event the chain announced.
 */
class RollbackChainScenarioTest {
    private static ChainFixture chain;

    @BeforeAll
    static void start() {
        chain = new ChainFixture();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    /** Gate open and lock free: how every execution, successful or not, must leave the environment. */
    private static void assertSettled(EnvironmentState state) {
        assertFalse(state.gate().isClosed(), "gate open");
        assertNull(state.lock().holder(), "lock released");
    }

    private static AnnouncedEvent onlyEvent(RollbackRun run, String detailType) {
        assertEquals(1, run.events().size(), () -> "events: " + run.events());
        AnnouncedEvent event = run.events().get(0);
        assertEquals(detailType, event.detailType());
        assertEquals("dev.flowback", event.source());
        return event;
    }

    @Test
    void rollsBackToAnExplicitVersion() {
        String wf = chain.freshWorkflow(ChainFixture.quick());
        chain.publish(wf, "v1.0.0", "first " + wf);
        chain.publish(wf, "v1.1.0", "second " + wf);
        chain.deploy(wf, "v1.0.0", "v1.1.0");
        long tokenBefore = chain.state(wf).lock().token();

        String name = executionName("explicit");
        RollbackRun run = chain.rollback(name, wf, "v1.0.0", "trigger", "api");

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertEquals(List.of("CheckInput", "Begin", "Snapshot", "Validate", "IsDryRun", "Pause", "DrainedOrForced",
                "Switch",
                "IsRevert", "CheckHealth", "HealthWindowOver", "Verify", "Verified",
                "AnnounceSucceeded", "Succeeded"), run.states());
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1.0.0"), state.pointer().activeVersion());
        assertEquals(chain.version(wf, "v1.0.0").sha256(), state.pointer().activeSha256());
        assertEquals(VersionId.of("v1.1.0"), state.pointer().previousVersion());
        assertEquals(3, state.pointer().revision(), "first deployment, deployment, rollback");
        assertEquals(tokenBefore + 1, state.lock().token());
        assertSettled(state);
        assertEquals(VersionStatus.GOOD, chain.version(wf, "v1.0.0").status());

        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.SUCCEEDED, record.status());
        assertEquals(VersionId.of("v1.1.0"), record.fromVersion());
        assertEquals(VersionId.of("v1.0.0"), record.targetVersion());
        assertEquals(3, record.revision());
        assertTrue(record.switchedAt() != null && record.finishedAt() != null);

        JsonNode output = run.output();
        assertEquals("SUCCEEDED", output.path("status").asText());
        assertEquals("v1.1.0", output.path("from_version").asText());
        assertEquals("v1.0.0", output.path("to_version").asText());
        assertTrue(output.path("message").asText().contains("v1.0.0 marked GOOD"), output.toString());

        JsonNode detail = onlyEvent(run, "Rollback Succeeded").detail();
        assertEquals(LocalRollbackRunner.EVENT_BUS, run.events().get(0).eventBus());
        assertEquals(wf, detail.path("workflow_id").asText());
        assertEquals("prod", detail.path("environment").asText());
        assertEquals("v1.1.0", detail.path("from_version").asText());
        assertEquals("v1.0.0", detail.path("to_version").asText());
        assertEquals("scenario " + name, detail.path("reason").asText());
        assertEquals("api", detail.path("trigger").asText());
        assertTrue(detail.path("health").path("healthy").asBoolean());
        assertTrue(detail.path("health").has("error_rate"));

        List<String> steps = chain.audit(wf).stream().filter(e -> e.executionId().equals(executionId(name)))
                .map(AuditEntry::step).toList();
        assertEquals(List.of("snapshot", "pause", "switch", "verify"), steps);
    }

    @Test
    void previousIsTheVersionLiveBeforeNotTheRegistrysPredecessor() {
        String wf = chain.withVersions(ChainFixture.quick(), "v1", "v2", "v3");
        chain.deploy(wf, "v1", "v3");

        String name = executionName("previous");
        RollbackRun run = chain.rollback(name, wf, "previous");

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion(), "v1 ran before v3; v2 never ran");
        assertEquals(3, state.pointer().revision());
        assertSettled(state);
        RollbackRecord record = chain.record(wf, name);
        assertEquals("previous", record.requestedTarget().toString());
        assertEquals(VersionId.of("v1"), record.targetVersion());
        assertEquals("previous", onlyEvent(run, "Rollback Succeeded").detail().path("requested_target").asText());
    }

    @Test
    void lastKnownGoodSkipsVersionsMarkedBad() {
        String wf = chain.withVersions(ChainFixture.quick(), "v1", "v2", "v3");
        chain.deploy(wf, "v1", "v2", "v3");
        chain.runner.registry().markStatus(WorkflowId.of(wf), VersionId.of("v2"), VersionStatus.BAD);

        String name = executionName("lkg");
        RollbackRun run = chain.rollback(name, wf, "last-known-good", "trigger", "alarm");

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion());
        assertEquals(VersionId.of("v3"), state.pointer().previousVersion());
        assertEquals(4, state.pointer().revision());
        assertSettled(state);
        assertEquals(RollbackTrigger.ALARM, chain.record(wf, name).trigger());
        JsonNode detail = onlyEvent(run, "Rollback Succeeded").detail();
        assertEquals("alarm", detail.path("trigger").asText());
        assertEquals("v1", detail.path("to_version").asText());
        // The alarm fired on v3 and health recovered without it: v3 is BAD, so it is never last-known-good.
        assertEquals(VersionStatus.BAD, chain.version(wf, "v3").status());
        assertEquals(VersionStatus.GOOD, chain.version(wf, "v1").status());
        assertTrue(detail.path("message").asText().endsWith("v3 (live when the alarm fired) marked BAD"),
                detail.toString());
    }

    @Test
    void aManualRollbackDoesNotJudgeTheVersionItLeaves() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        RollbackRun run = chain.rollback(executionName("manual"), wf, "v1");
        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertEquals(VersionStatus.GOOD, chain.version(wf, "v2").status(), "no alarm, no evidence against v2");
    }

    @Test
    void aDryRunReturnsThePlanAndChangesNothing() {
        String wf = chain.freshWorkflow(ChainFixture.quick());
        chain.publish(wf, "v1", "Classify the ticket " + wf);
        chain.publish(wf, "v2", "Classify the ticket politely " + wf);
        chain.deploy(wf, "v1", "v2");
        EngineGate engine = chain.engine(wf);
        assertTrue(engine.admit("inst-busy").admitted());
        EnvironmentState before = chain.state(wf);
        int auditBefore = chain.audit(wf).size();

        String name = executionName("dry-run");
        RollbackRun run = chain.rollback(name, wf, "v1", "dry_run", true);

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertEquals(List.of("CheckInput", "Begin", "Snapshot", "Validate", "IsDryRun", "DryRunPlanned"), run.states());
        JsonNode output = run.output();
        assertEquals("DRY_RUN", output.path("status").asText());
        assertEquals("1 node changed", output.path("plan").path("diff_summary").asText());
        assertTrue(output.path("plan").path("diff_text").asText().contains("politely"), output.toString());
        assertEquals(1, output.path("plan").path("in_flight").asInt());
        assertTrue(output.path("plan").path("steps").size() >= 4);

        EnvironmentState after = chain.state(wf);
        assertEquals(before, after, "pointer, revision, gate and lock (token included) are untouched");
        assertEquals(auditBefore, chain.audit(wf).size());
        assertTrue(chain.runner.stores().journal().find(EnvironmentRef.of(wf, "prod"), executionId(name))
                .isEmpty(), "a dry run writes no record");
        assertTrue(run.events().isEmpty());
        engine.release("inst-busy");
    }

    @Test
    void aTamperedSnapshotIsRefusedAndNothingMoves() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        VersionRecord v1 = chain.version(wf, "v1");
        EnvironmentState before = chain.state(wf);
        chain.stack.s3().putObject(b -> b.bucket(ChainFixture.BUCKET).key(v1.snapshotKey()),
                RequestBody.fromString("{\"schemaVersion\": \"1.0\", \"tampered\": true}"));

        String name = executionName("tampered");
        RollbackRun run = chain.rollback(name, wf, "v1");

        assertEquals(ExecutionResult.Status.FAILED, run.status());
        assertEquals(IntegrityException.class.getName(), run.error());
        assertTrue(run.cause().contains("integrity check failed"), run.cause());
        assertFalse(run.states().contains("Pause"));
        assertTrue(run.states().contains("Compensate"));
        EnvironmentState after = chain.state(wf);
        assertEquals(before.pointer(), after.pointer(), "pointer and revision as before");
        assertSettled(after);
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.REFUSED, record.status(), "refused before the pause");
        assertEquals(IntegrityException.class.getName(), record.error());
        assertTrue(record.message().contains("integrity check failed") && record.message().contains("lock released"),
                record.message());
        JsonNode detail = onlyEvent(run, "Rollback Refused").detail();
        assertEquals("REFUSED", detail.path("status").asText());
        assertEquals(IntegrityException.class.getName(), detail.path("error").asText());
    }

    @Test
    void anIncompatibleEngineMajorIsRefusedEvenWhenForced() {
        String wf = chain.freshWorkflow(ChainFixture.quick());
        chain.publish(wf, "v1", "one " + wf);
        chain.deploy(wf, "v1");
        chain.publish(wf, "v2", "two " + wf, "^3.0.0");
        EnvironmentState before = chain.state(wf);

        String name = executionName("engine");
        RollbackRun run = chain.rollback(name, wf, "v2", "force", true);

        assertEquals(IncompatibleTargetException.class.getName(), run.error());
        assertTrue(run.cause().contains("engine major version differs"), run.cause());
        EnvironmentState after = chain.state(wf);
        assertEquals(before.pointer(), after.pointer());
        assertSettled(after);
        assertEquals(RollbackStatus.REFUSED, chain.record(wf, name).status());
        onlyEvent(run, "Rollback Refused");
    }

    @Test
    void aDrainThatTimesOutAbortsAndReopensTheGate() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        EngineGate engine = chain.engine(wf);
        assertTrue(engine.admit("inst-long").admitted());
        EnvironmentState before = chain.state(wf);

        String name = executionName("drain-timeout");
        RollbackRun run = chain.rollback(name, wf, "v1");

        assertEquals(DrainTimeoutException.class.getName(), run.error());
        assertTrue(run.cause().contains("1 instance(s) still in flight"), run.cause());
        assertTrue(run.states().containsAll(List.of("Pause", "WaitForDrain", "CheckDrain", "Compensate")));
        assertFalse(run.states().contains("Switch"));
        EnvironmentState after = chain.state(wf);
        assertEquals(before.pointer(), after.pointer());
        assertSettled(after);
        assertTrue(engine.admit("inst-next").admitted(), "engines start instances again");
        RollbackRecord record = chain.record(wf, name);
        assertEquals(DrainTimeoutException.class.getName(), record.error());
        assertTrue(record.message().contains("gate reopened"), record.message());
        engine.release("inst-long");
        engine.release("inst-next");
    }

    @Test
    void aForcedRollbackSwitchesWhenTheDrainTimesOut() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        EngineGate engine = chain.engine(wf);
        assertTrue(engine.admit("inst-long").admitted());

        String name = executionName("drain-forced");
        RollbackRun run = chain.rollback(name, wf, "v1", "force", true);

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertTrue(run.steps("CheckDrain").get(0).result().contains("forced on"), run.steps().toString());
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion());
        assertSettled(state);
        AuditEntry switched = chain.audit(wf).stream()
                .filter(e -> e.executionId().equals(executionId(name)) && e.step().equals("switch")).findFirst()
                .orElseThrow();
        assertTrue(switched.detail().contains("forced with 1 instance(s) still in flight"), switched.detail());
        engine.release("inst-long");
    }

    @Test
    void bytesTamperedWithBetweenValidateAndSwitchStopTheSwitch() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        VersionRecord v1 = chain.version(wf, "v1");
        // Validate has hashed v1's bytes; they change before the switch (a bad restore, a hand edit, an attacker).
        chain.runner.wrap(ChainFunction.PAUSE, real -> payload -> {
            tamper(v1);
            return real.invoke(payload);
        });
        String name = executionName("tamper-before-switch");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            chain.runner.restore(ChainFunction.PAUSE);
        }

        assertEquals(IntegrityException.class.getName(), run.error(), run.cause());
        assertTrue(run.cause().contains(v1.sha256().hex()), run.cause());
        assertEquals(1, run.steps("Switch").size());
        assertFalse(run.states().contains("CheckHealth"), "nothing switched, nothing to verify");
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v2"), state.pointer().activeVersion(), "the pointer never named the damaged bytes");
        assertEquals(2, state.pointer().revision());
        assertSettled(state);
        assertEquals(v1.status(), chain.version(wf, "v1").status(), "no verdict on a version that never went live");
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(IntegrityException.class.getName(), record.error());
    }

    @Test
    void bytesTamperedWithAfterTheSwitchAreHeldAndMarkedBadNotGood() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        VersionRecord v1 = chain.version(wf, "v1");
        chain.runner.wrap(ChainFunction.CHECK_HEALTH, real -> payload -> {
            byte[] window = real.invoke(payload);
            tamper(v1);
            return window;
        });
        String name = executionName("tamper-after-switch");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            chain.runner.restore(ChainFunction.CHECK_HEALTH);
        }

        assertEquals(RollbackOutcome.UNHEALTHY, run.error());
        assertTrue(run.cause().contains("engines cannot load it"), run.cause());
        assertEquals(VersionStatus.BAD, chain.version(wf, "v1").status(), "a version engines cannot load is BAD");
        assertEquals(RollbackStatus.HELD, chain.record(wf, name).status());
        assertSettled(chain.state(wf));
    }

    /** Overwrites a version's stored bytes behind Flowback's back, as a damaged or tampered object looks. */
    private void tamper(VersionRecord version) {
        chain.stack.s3().putObject(b -> b.bucket(ChainFixture.BUCKET).key(version.snapshotKey()),
                RequestBody.fromBytes("{\"tampered\": true}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUnhealthyTargetIsHeldAndMarkedBadOnceWithoutLooping() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        chain.runner.environments().update(Environment.of(EnvironmentRef.of(wf, "prod"), "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of(wf + "-errors")).build())
                .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(30))));
        chain.health.answerUnhealthy(wf, 0.12, 2400, List.of(wf + "-errors"));
        int checksBefore = chain.health.checks(wf);

        String name = executionName("unhealthy-hold");
        RollbackRun run = chain.rollback(name, wf, "v1");

        assertEquals(RollbackOutcome.UNHEALTHY, run.error());
        assertTrue(run.cause().contains("HOLD_AND_MARK_BAD"), run.cause());
        assertEquals(1, run.steps("Switch").size());
        assertEquals(1, run.steps("CheckHealth").size(), "the first failed check ends a 10-minute window");
        assertEquals(1, run.steps("Verify").size());
        assertFalse(run.states().contains("Compensate"));
        assertEquals(checksBefore + 1, chain.health.checks(wf));
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion(), "held: the target stays live");
        assertEquals(3, state.pointer().revision());
        assertSettled(state);
        assertEquals(VersionStatus.BAD, chain.version(wf, "v1").status());
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.HELD, record.status());
        assertTrue(record.health().contains("unhealthy"), record.health());
        JsonNode detail = onlyEvent(run, "Rollback Failed").detail();
        assertEquals("HELD", detail.path("status").asText());
        assertEquals(0.12, detail.path("health").path("error_rate").asDouble(), 1e-9);
        assertEquals(2400, detail.path("health").path("p99_millis").asDouble(), 1e-9);
        assertEquals(wf + "-errors", detail.path("health").path("alarms_in_alarm").get(0).asText());
    }

    @Test
    void theRevertPolicyDrainsWhatStartedOnTheBadTargetThenSwitchesBackThroughTheSwitchStep() {
        String wf = chain.twoVersionsLive(ChainFixture.quick().onVerifyFailure(VerifyFailurePolicy.REVERT));
        chain.health.answerUnhealthy(wf, 0.3, 900, List.of());
        EngineGate engine = chain.engine(wf);
        // CheckHealth reopened the gate on v1: an instance starts on it and must finish before the switch back.
        chain.runner.wrap(ChainFunction.CHECK_HEALTH, real -> payload -> {
            byte[] window = real.invoke(payload);
            assertTrue(engine.admit("inst-on-v1").admitted());
            return window;
        });
        AtomicBoolean admittedWhileDraining = new AtomicBoolean();
        chain.runner.wrap(ChainFunction.CHECK_DRAIN, real -> payload -> {
            admittedWhileDraining.set(engine.admit("inst-late").admitted());
            engine.release("inst-on-v1");
            return real.invoke(payload);
        });
        String name = executionName("unhealthy-revert");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            chain.runner.restore(ChainFunction.CHECK_HEALTH);
            chain.runner.restore(ChainFunction.CHECK_DRAIN);
        }

        assertEquals(RollbackOutcome.UNHEALTHY, run.error());
        assertTrue(run.cause().contains("policy REVERT: drained and switched back to v2 (revision 4)"), run.cause());
        assertEquals(List.of("CheckInput", "Begin", "Snapshot", "Validate", "IsDryRun", "Pause", "DrainedOrForced",
                "Switch",
                "IsRevert", "CheckHealth", "HealthWindowOver", "Verify", "Verified",
                "StartRevert", "Pause", "DrainedOrForced", "WaitForDrain", "CheckDrain", "DrainedOrForced", "Switch",
                "IsRevert", "FinishRevert", "AnnounceFailed", "Failed"), run.states());
        assertTrue(run.steps("Pause").get(1).result().startsWith("before switching back: 1 in flight"),
                run.steps().toString());
        assertFalse(admittedWhileDraining.get(), "nothing new starts on the bad target while it drains");
        assertTrue(run.steps("Switch").get(1).result().startsWith("back: v1 -> v2"), run.steps().toString());
        assertFalse(run.states().contains("Compensate"));

        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v2"), state.pointer().activeVersion(), "back to what ran before");
        assertEquals(VersionId.of("v1"), state.pointer().previousVersion());
        assertEquals(4, state.pointer().revision(), "the switch and the one switch back");
        assertEquals(executionId(name) + RollbackTicket.REVERT_SWITCH_SUFFIX, state.pointer().lastSwitch());
        assertSettled(state);
        assertTrue(engine.admit("inst-after").admitted(), "instances start again, on v2");
        engine.release("inst-after");
        assertEquals(VersionStatus.BAD, chain.version(wf, "v1").status());
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.REVERTED, record.status());
        assertEquals(4, record.revision());
        assertEquals(RollbackOutcome.UNHEALTHY, record.error());

        List<AuditEntry> trail = chain.audit(wf).stream().filter(e -> e.executionId().equals(executionId(name)))
                .toList();
        assertEquals(List.of("snapshot", "pause", "switch", "verify", "pause", "switch", "revert"),
                trail.stream().map(AuditEntry::step).toList());
        assertTrue(trail.get(5).detail().startsWith("switched back (policy REVERT, v1 unhealthy): active version v1"
                + " -> v2, revision 4"), trail.get(5).detail());

        JsonNode detail = onlyEvent(run, "Rollback Failed").detail();
        assertEquals("REVERTED", detail.path("status").asText());
        assertEquals(List.of("v2", "v1", "v2"), List.of(detail.path("from_version").asText(),
                detail.path("to_version").asText(), detail.path("active").asText()));
        assertEquals(0.3, detail.path("health").path("error_rate").asDouble(), 1e-9);
        assertEquals(900, detail.path("health").path("p99_millis").asDouble(), 1e-9);
        assertFalse(detail.has("revert"), "the revert ticket stays inside the execution: " + detail);
    }

    @Test
    void aFirstDeploymentUnderTheRevertPolicyHoldsForThereIsNothingToGoBackTo() {
        String wf = chain.withVersions(ChainFixture.quick().onVerifyFailure(VerifyFailurePolicy.REVERT), "v1");
        chain.health.answerUnhealthy(wf, 0.3, 900, List.of());

        RollbackRun run = chain.rollback(executionName("first-revert"), wf, "v1");

        assertEquals(RollbackOutcome.UNHEALTHY, run.error());
        assertFalse(run.states().contains("StartRevert"));
        assertEquals(VersionId.of("v1"), chain.state(wf).pointer().activeVersion());
        assertSettled(chain.state(wf));
        assertEquals("HELD", onlyEvent(run, "Rollback Failed").detail().path("status").asText());
    }

    @Test
    void aPermanentFailureAfterTheSwitchIsCompensatedWithTheTargetLiveAndSaidSo() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        VersionStatus before = chain.version(wf, "v1").status();
        // The first health check fails for good (no CloudWatch permission, say) while the gate is still closed.
        chain.runner.wrap(ChainFunction.CHECK_HEALTH, real -> payload -> {
            throw new IllegalStateException("cloudwatch:DescribeAlarms denied (injected)");
        });
        String name = executionName("after-switch");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            chain.runner.restore(ChainFunction.CHECK_HEALTH);
        }

        assertEquals(IllegalStateException.class.getName(), run.error());
        assertEquals(List.of("Switch", "IsRevert", "CheckHealth", "Compensate",
                "AfterCompensation", "AnnounceFailed",
                "Failed"), run.states().subList(run.states().indexOf("Switch"), run.states().size()));
        assertEquals(1, run.steps("CheckHealth").size(), "a permanent error is not retried");
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion(), "compensation never moves the pointer");
        assertEquals(3, state.pointer().revision());
        assertSettled(state);
        assertEquals(before, chain.version(wf, "v1").status(), "no verdict, no mark");
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(IllegalStateException.class.getName(), record.error());
        assertTrue(record.message().contains("gate reopened, lock released; active version v1 (revision 3); the"
                + " switch had happened, so v1 stays live without a verdict"), record.message());
        JsonNode detail = onlyEvent(run, "Rollback Failed").detail();
        assertEquals("v1", detail.path("active").asText());
        assertEquals(record.message(), detail.path("message").asText());
    }

    @Test
    void anExecutionWhoseLockWasTakenOverFailsAtTheSwitchAndLeavesTheNewHolderAlone() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        EnvironmentRef workflow = EnvironmentRef.of(wf, "prod");
        String taker = "arn:aws:states:local:takeover-" + wf;
        AtomicReference<EnvironmentState> afterTakeover = new AtomicReference<>();
        // Between Pause and Switch this execution stalls past its lease and another one takes the lock over, then
        // closes the gate for its own drain.
        chain.runner.wrap(ChainFunction.SWITCH, real -> payload -> {
            Instant later = chain.state(wf).lock().expiresAt().plusSeconds(1);
            long token = chain.runner.stores().environments().acquireLock(workflow, taker, later,
                    later.plus(Duration.ofMinutes(15))).token();
            afterTakeover.set(chain.state(wf));
            chain.runner.stores().environments().closeGate(workflow, taker, token, later,
                    later.plus(Duration.ofMinutes(15)));
            return real.invoke(payload);
        });
        String name = executionName("taken-over");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            chain.runner.restore(ChainFunction.SWITCH);
        }

        assertEquals(LockLostException.class.getName(), run.error());
        assertTrue(run.cause().contains("no longer holds the rollback lock") && run.cause().contains(taker),
                run.cause());
        assertEquals(1, run.steps("Switch").size());
        assertEquals(List.of("Switch", "Compensate", "AfterCompensation", "AnnounceFailed", "Failed"),
                run.states().subList(run.states().indexOf("Switch"), run.states().size()));
        assertFalse(afterTakeover.get().gate().isClosed(), "the takeover reopened the gate the stalled one closed");

        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v2"), state.pointer().activeVersion(), "nothing switched");
        assertEquals(2, state.pointer().revision());
        assertTrue(state.lock().isHeldBy(taker), "the new holder keeps its lock");
        assertTrue(state.gate().isClosed() && taker.equals(state.gate().closedBy()), "and its closed gate");
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(LockLostException.class.getName(), record.error());
        assertTrue(record.message().contains("gate closed by " + taker + ", left to it, lock held by " + taker
                + ", left to it"), record.message());
        onlyEvent(run, "Rollback Failed");

        chain.runner.stores().environments().reopenGate(workflow, taker);
        chain.runner.stores().environments().releaseLock(workflow, taker);
    }

    @Test
    void aCompensationThatKeepsFailingIsRetriedThenAnnouncedBeforeTheExecutionFails() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        AtomicInteger attempts = new AtomicInteger();
        chain.runner.wrap(ChainFunction.COMPENSATE, real -> payload -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("the table is gone (injected)");
        });
        String[][] cases = {
            // input, the state that describes the failure, the workflow and environment the event names
            {"{\"workflow_id\": \"" + wf + "\", \"environment\": \"prod\", \"target_version\": \"v2\"}",
                "DescribeCompensationFailure", wf, "prod"},
            {"{\"workflow_id\": \"" + wf + "\", \"environment\": \"prod\", \"target_version\": \"v9\"}",
                "DescribeRefusalCompensationFailure", wf, "prod"},
            {"[\"" + wf + "\"]", "DescribeUnidentifiedCompensationFailure", "null", "null"},
        };
        try {
            for (String[] c : cases) {
                attempts.set(0);
                String name = executionName("compensation-fails");
                RollbackRun run = chain.run(name, c[0]);

                assertEquals(ExecutionResult.Status.FAILED, run.status(), c[0]);
                assertEquals(IllegalStateException.class.getName(), run.error(), c[0]);
                assertTrue(run.cause().startsWith("compensation failed: ") && run.cause().contains("the table is gone"),
                        run.cause());
                assertEquals(3, attempts.get(), "retried twice, whatever the error: compensation is idempotent");
                List<String> states = run.states();
                assertEquals(List.of("Compensate", "Compensate", "Compensate", "CompensationFailed", c[1],
                        "AnnounceFailed", "Failed"),
                        states.subList(states.indexOf("Compensate"), states.size()), c[0]);
                JsonNode detail = onlyEvent(run, "Rollback Failed").detail();
                assertEquals("FAILED", detail.path("status").asText());
                assertEquals(c[2], detail.path("workflow_id").asText(), c[0]);
                assertEquals(c[3], detail.path("environment").asText(), c[0]);
                assertEquals(executionId(name), detail.path("execution_id").asText());
                assertTrue(detail.path("message").asText().startsWith("compensation failed: "), detail.toString());
                assertTrue(detail.path("failure").path("Error").asText().startsWith("dev.flowback.core.error."),
                        "the failure compensation was for: " + detail);
            }
        } finally {
            chain.runner.restore(ChainFunction.COMPENSATE);
        }
        // What the failed compensation could not undo stays until the lease ends (docs/operations.md).
        assertTrue(chain.state(wf).lock().isHeld(Instant.now()));
    }

    @Test
    void ofTwoRollbacksStartedAtOnceExactlyOneSwitches() throws Exception {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        // The lock holder waits in validate until the other execution has finished, so "at once" is guaranteed
        // rather than hoped for; a deadline keeps a broken lock from hanging the test.
        CountDownLatch oneFinished = new CountDownLatch(1);
        chain.runner.wrap(ChainFunction.VALIDATE, real -> payload -> {
            if (!oneFinished.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the competing execution never finished");
            }
            return real.invoke(payload);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            String a = executionName("race-a");
            String b = executionName("race-b");
            Future<RollbackRun> first = pool.submit(() -> finish(chain.rollback(a, wf, "v1"), oneFinished));
            Future<RollbackRun> second = pool.submit(() -> finish(chain.rollback(b, wf, "v1"), oneFinished));
            List<RollbackRun> runs = List.of(first.get(90, TimeUnit.SECONDS), second.get(90, TimeUnit.SECONDS));

            assertEquals(1, runs.stream().filter(RollbackRun::succeeded).count(), () -> runs.stream()
                    .map(r -> r.status() + " " + r.error()).toList().toString());
            RollbackRun loser = runs.stream().filter(r -> !r.succeeded()).findFirst().orElseThrow();
            String winner = runs.get(0).succeeded() ? a : b;
            String lost = winner.equals(a) ? b : a;
            assertEquals(RollbackInProgressException.class.getName(), loser.error());
            assertTrue(loser.cause().contains(executionId(winner)), "names the holder: " + loser.cause());
            assertEquals(List.of("CheckInput", "Begin", "Snapshot", "Compensate", "AfterCompensation",
                    "AnnounceRefused", "Refused"), loser.states());

            EnvironmentState state = chain.state(wf);
            assertEquals(VersionId.of("v1"), state.pointer().activeVersion());
            assertEquals(3, state.pointer().revision(), "exactly one switch");
            assertSettled(state);
            assertEquals(RollbackStatus.SUCCEEDED, chain.record(wf, winner).status());
            RollbackRecord refused = chain.record(wf, lost);
            assertEquals(RollbackStatus.REFUSED, refused.status());
            assertEquals(RollbackInProgressException.class.getName(), refused.error());
        } finally {
            pool.shutdown();
            chain.runner.restore(ChainFunction.VALIDATE);
        }
    }

    private static RollbackRun finish(RollbackRun run, CountDownLatch finished) {
        finished.countDown();
        return run;
    }

    @Test
    void aStepFailingTransientlyTwiceIsRetriedAndSwitchesOnce() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        // The worst case for a retry: the write happened and only the answer was lost, twice.
        AtomicInteger failuresLeft = new AtomicInteger(2);
        chain.runner.wrap(ChainFunction.SWITCH, real -> payload -> {
            byte[] result = real.invoke(payload);
            if (failuresLeft.getAndDecrement() > 0) {
                throw new TransientStorageException("DynamoDB throttled the response (injected)");
            }
            return result;
        });
        try {
            String name = executionName("transient");
            RollbackRun run = chain.rollback(name, wf, "v1");

            assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
            assertEquals(2, run.execution().events("StateRetried").size());
            assertEquals(3, run.steps("Switch").size(), "two failed attempts and the one that answered");
            assertTrue(run.steps("Switch").get(2).result().contains("already done"), run.steps().toString());
            EnvironmentState state = chain.state(wf);
            assertEquals(VersionId.of("v1"), state.pointer().activeVersion());
            assertEquals(3, state.pointer().revision(), "one switch, not three");
            assertSettled(state);
            assertEquals(1, chain.audit(wf).stream().filter(e -> e.executionId().equals(executionId(name))
                    && e.step().equals("switch")).count());
        } finally {
            chain.runner.restore(ChainFunction.SWITCH);
        }
    }

    /**
     * Serves {@code step} delivered twice, as a retry after a lost answer does: the state machine gets the second
     * answer. {@code beforeFirst} runs before the first delivery; a second answer that differs from the first is
     * counted unless {@code mayDiffer} (a switch answers "already done", a health check reads the clock).
     */
    private static void deliverTwice(ChainFunction step, boolean mayDiffer, AtomicInteger differentAnswers,
                                     Runnable beforeFirst) {
        chain.runner.wrap(step, real -> payload -> {
            beforeFirst.run();
            byte[] first = real.invoke(payload);
            byte[] second = real.invoke(payload);
            if (!mayDiffer && !sameAnswer(first, second)) {
                differentAnswers.incrementAndGet();
            }
            return second;
        });
    }

    private static List<String> auditSteps(String wf, String name) {
        return chain.audit(wf).stream().filter(e -> e.executionId().equals(executionId(name)))
                .map(AuditEntry::step).toList();
    }

    @Test
    void everyStepDeliveredTwiceHasNoSecondEffect() throws Exception {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        long tokenBefore = chain.state(wf).lock().token();
        EngineGate engine = chain.engine(wf);
        assertTrue(engine.admit("inst-busy").admitted(), "in flight at the pause, so the drain loop runs");
        AtomicInteger differentAnswers = new AtomicInteger();
        List<ChainFunction> steps = List.of(ChainFunction.SNAPSHOT, ChainFunction.VALIDATE,
                ChainFunction.PAUSE, ChainFunction.CHECK_DRAIN, ChainFunction.SWITCH,
                ChainFunction.CHECK_HEALTH, ChainFunction.VERIFY);
        for (ChainFunction step : steps) {
            deliverTwice(step, step.equals(ChainFunction.SWITCH) || step.equals(ChainFunction.CHECK_HEALTH),
                    differentAnswers, step.equals(ChainFunction.CHECK_DRAIN) ? () -> engine.release("inst-busy")
                            : () -> { });
        }
        String name = executionName("replayed");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            steps.forEach(chain.runner::restore);
        }

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        assertTrue(run.states().containsAll(List.of("Validate", "WaitForDrain", "CheckDrain")), run.states()::toString);
        assertEquals(0, differentAnswers.get(), "a replayed snapshot, validate, pause, drain check or verify answers as"
                + " the first time");
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion());
        assertEquals(3, state.pointer().revision(), "one switch");
        assertEquals(tokenBefore + 1, state.lock().token(), "the replayed snapshot re-entered the lock");
        assertSettled(state);
        assertEquals(List.of("snapshot", "pause", "switch", "verify"), auditSteps(wf, name));
        RollbackRecord record = chain.record(wf, name);
        assertEquals(RollbackStatus.SUCCEEDED, record.status());

        // And once the execution is over, a late duplicate of any of its steps is refused and changes nothing: above
        // all a late snapshot must not take the lock again for a dead execution (the next rollback would wait out a
        // whole lease).
        for (ChainFunction step : List.of(ChainFunction.SNAPSHOT, ChainFunction.PAUSE, ChainFunction.SWITCH,
                ChainFunction.CHECK_HEALTH)) {
            String payload = chain.runner.lambda().invocations(step.functionName()).stream()
                    .filter(i -> i.payload().contains(executionId(name))).findFirst().orElseThrow().payload();
            StepOutOfOrderException late = assertThrows(StepOutOfOrderException.class, () -> chain.runner
                    .function(step).invoke(payload.getBytes(StandardCharsets.UTF_8)), step.name());
            assertTrue(late.getMessage().contains("ended SUCCEEDED"), late.getMessage());
            assertEquals(state, chain.state(wf), step + " changed nothing");
            assertNull(chain.state(wf).lock().holder(), "no lock re-taken by " + step);
        }
        assertEquals(record, chain.record(wf, name));
    }

    @Test
    void everyStepOfARevertDeliveredTwiceSwitchesBackOnce() {
        String wf = chain.twoVersionsLive(ChainFixture.quick().onVerifyFailure(VerifyFailurePolicy.REVERT));
        chain.health.answerUnhealthy(wf, 0.2, 1500, List.of());
        AtomicInteger differentAnswers = new AtomicInteger();
        List<ChainFunction> steps = List.of(ChainFunction.PAUSE, ChainFunction.SWITCH, ChainFunction.VERIFY,
                ChainFunction.FINISH_REVERT);
        steps.forEach(step -> deliverTwice(step, step.equals(ChainFunction.SWITCH), differentAnswers, () -> { }));
        String name = executionName("revert-replayed");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            steps.forEach(chain.runner::restore);
        }

        assertEquals(RollbackOutcome.UNHEALTHY, run.error());
        assertEquals(2, run.steps("Switch").size());
        assertTrue(run.steps("Switch").get(1).result().contains("(already done)"), run.steps().toString());
        assertEquals(0, differentAnswers.get(), "a replayed pause, verify or finish answers as the first time");
        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v2"), state.pointer().activeVersion());
        assertEquals(4, state.pointer().revision(), "one switch and one switch back, each written once");
        assertSettled(state);
        assertEquals(RollbackStatus.REVERTED, chain.record(wf, name).status());
        assertEquals(List.of("snapshot", "pause", "switch", "verify", "pause", "switch", "revert"),
                auditSteps(wf, name));
        assertEquals("REVERTED", onlyEvent(run, "Rollback Failed").detail().path("status").asText());
    }

    @Test
    void aCompensationDeliveredTwiceClosesTheRecordOnce() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        EngineGate engine = chain.engine(wf);
        assertTrue(engine.admit("inst-long").admitted());
        AtomicInteger differentAnswers = new AtomicInteger();
        List<ChainFunction> steps = List.of(ChainFunction.CHECK_DRAIN, ChainFunction.COMPENSATE);
        steps.forEach(step -> deliverTwice(step, false, differentAnswers, () -> { }));
        String name = executionName("compensation-replayed");
        RollbackRun run;
        try {
            run = chain.rollback(name, wf, "v1");
        } finally {
            steps.forEach(chain.runner::restore);
            engine.release("inst-long");
        }

        assertEquals(DrainTimeoutException.class.getName(), run.error());
        assertEquals(0, differentAnswers.get(), "the replayed compensation answers from the record it closed");
        assertTrue(run.cause().contains("gate reopened, lock released"), run.cause());
        assertSettled(chain.state(wf));
        assertEquals(RollbackStatus.FAILED, chain.record(wf, name).status());
        assertEquals(List.of("snapshot", "pause", "compensate"), auditSteps(wf, name));
        onlyEvent(run, "Rollback Failed");
    }

    /** The same answer, ignoring clock readings that differ between the two deliveries. */
    private static boolean sameAnswer(byte[] first, byte[] second) {
        JsonNode a;
        JsonNode b;
        try {
            a = PayloadJson.MAPPER.readTree(first);
            b = PayloadJson.MAPPER.readTree(second);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (JsonNode n : List.of(a, b)) {
            if (n.path("health").isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) n.path("health")).remove("checked_at");
            }
        }
        return a.equals(b);
    }

    @Test
    void invalidInputFailsAtTheSnapshotNamingTheFieldAndTakesNothing() {
        String wf = chain.freshWorkflow(ChainFixture.quick());
        chain.publish(wf, "v1", "one " + wf);
        chain.deploy(wf, "v1");
        EnvironmentState before = chain.state(wf);
        String[][] cases = {
            // input, expected error, text the cause must contain
            {"{\"workflow_id\": \"wf nope!\", \"environment\": \"prod\", \"target_version\": \"v1\"}",
                InvalidInputException.class.getName(), "workflow_id"},
            {"{\"workflow_id\": \"" + wf + "\", \"environment\": \"Prod\", \"target_version\": \"1.0\"}",
                InvalidInputException.class.getName(), "environment"},
            {"{\"workflow_id\": \"wf-never-published\", \"environment\": \"prod\", \"target_version\": \"v1\"}",
                NotFoundException.class.getName(), "workflow_id \"wf-never-published\" is unknown"},
            {"{\"workflow_id\": \"" + wf + "\", \"environment\": \"prod\", \"target_version\": \"v9.9.9\"}",
                NotFoundException.class.getName(), "target_version"},
            {"{\"workflow_id\": \"" + wf + "\", \"environment\": \"prod\", \"target_version\": \"v1\", "
                + "\"force\": \"yes\"}", InvalidInputException.class.getName(), "force must be true or false"},
            {"{\"workflow_id\": \"" + wf + "\", \"environment\": \"prod\", \"taget_version\": \"v1\"}",
                InvalidInputException.class.getName(), "unknown field \"taget_version\""},
            {"[\"" + wf + "\", \"prod\", \"v1\"]", InvalidInputException.class.getName(), "JSON object"},
        };
        for (String input : List.of("null", "\"" + wf + "\"", "42")) {
            RollbackRun run = chain.run(executionName("not-an-object"), input);
            assertEquals(ExecutionResult.Status.FAILED, run.status(), input);
            assertEquals(List.of("CheckInput", "RefuseInput", "AnnounceRefused", "Refused"), run.states(), input);
            assertEquals(InvalidInputException.class.getName(), run.error(), input);
            assertTrue(run.cause().contains("must be a JSON object"), run.cause());
            assertEquals("Rollback Refused", run.events().get(0).detailType(), "announced, not silently dropped");
        }
        for (String[] c : cases) {
            String name = executionName("invalid");
            RollbackRun run = chain.run(name, c[0]);
            assertEquals(ExecutionResult.Status.FAILED, run.status(), c[0]);
            assertEquals(c[1], run.error(), c[0]);
            assertTrue(run.cause().contains(c[2]), c[0] + " -> " + run.cause());
            assertEquals(List.of("CheckInput", "Begin", "Snapshot", "Compensate", "AfterCompensation",
                    "AnnounceRefused", "Refused"), run.states(), c[0]);
            assertEquals(1, run.steps("Snapshot").size(), "a permanent error is not retried");
            assertEquals("Rollback Refused", run.events().get(0).detailType());
            if (c[2].equals("target_version")) {
                RollbackRecord refused = chain.record(wf, name);
                assertEquals(RollbackStatus.REFUSED, refused.status(), "a refusal on a real environment is recorded");
                assertTrue(refused.message().contains("v9.9.9"), refused.message());
            }
        }
        EnvironmentState after = chain.state(wf);
        assertEquals(before, after, "nothing locked, paused or switched; the token did not move");
    }

    @Test
    void aFloodOfUnknownFieldsIsRefusedWithACauseStepFunctionsCanCarry() {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        EnvironmentState before = chain.state(wf);
        List<AuditEntry> auditBefore = chain.audit(wf);
        // About 29 KB of unknown fields: the cause once grew to 359 KB, past the 32,768 characters of a failure.
        StringBuilder input = new StringBuilder("{\"workflow_id\": \"" + wf
                + "\", \"environment\": \"prod\", \"target_version\": \"v1\"");
        for (int i = 0; input.length() < 29_000; i++) {
            input.append(", \"not_a_field_").append(i).append("\": ").append(i);
        }
        String name = executionName("unknown-flood");
        RollbackRun run = chain.run(name, input.append('}').toString());

        assertEquals(InvalidInputException.class.getName(), run.error(), run.cause());
        assertTrue(run.cause().length() <= MessageBounds.MAX_CAUSE, () -> "cause of " + run.cause().length());
        assertTrue(run.cause().contains("unknown field \"not_a_field_0\" (known: "), run.cause());
        assertTrue(run.cause().matches("(?s).*and \\d+ more.*"), "the rest is counted, not listed: "
                + run.cause().substring(run.cause().length() - 60));
        String event = run.events().get(0).detail().toString();
        assertTrue(event.length() < 32 * 1024, () -> "event detail of " + event.length());
        assertEquals(before, chain.state(wf), "nothing written");
        // Input that does not parse is refused before anything is written: no rollback record either.
        assertEquals(auditBefore, chain.audit(wf), "no audit entry");
        assertThrows(AssertionError.class, () -> chain.record(wf, name), "no rollback record");
    }
}
