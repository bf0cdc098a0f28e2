package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.emulators.ExecutionEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verification window through the real state machine and handlers, judged on evidence from after the switch:
 * the alarm that started a rollback is still in ALARM when the first check runs, and must not condemn the
 * last-known-good version it rolled back to.
 *
 * <p>The handlers' clock only moves when health is checked, by one check interval per check, so a two-check window
 * is exactly three checks (at the switch, one interval later, at the window's end) with instant waits and no
 * dependence on how fast this machine is.
 */
class PostSwitchHealthScenarioTest {
    private static final EnvironmentName PROD = EnvironmentName.of("prod");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    private static LocalStorage stack;
    private static LocalRollbackRunner runner;
    private static ScriptedHealthProbe health;
    /** Time that passes one check interval per health check, and only then. */
    private static final MovableClock CLOCK = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @BeforeAll
    static void start() {
        stack = LocalStorage.start();
        health = new ScriptedHealthProbe(CLOCK);
        LocalRollbackRunner.Config defaults = LocalRollbackRunner.Config.of(stack.settings(), LocalStorage.TABLE,
                LocalStorage.BUCKET, query -> {
                    HealthReport report = health.check(query);
                    CLOCK.advance(INTERVAL);
                    return report;
                });
        runner = LocalRollbackRunner.start(new LocalRollbackRunner.Config(defaults.aws(), defaults.table(),
                defaults.bucket(), defaults.health(), defaults.stateMachine(), defaults.lockLease(), CLOCK,
                defaults.log()));
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** v1 then v2 deployed and verified healthy, with an alarm and a one-minute window checked every 30 s. */
    private static String v2LiveWithAlarm() {
        String wf = "wf-post-switch-" + WORKFLOWS.incrementAndGet();
        runner.environments().create(Environment.of(EnvironmentRef.of(wf, "prod"), "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of(wf + "-errors")).build())
                .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ofMinutes(1), INTERVAL)));
        for (String v : List.of("v1", "v2")) {
            runner.registry().publish(PublishRequest.of(WorkflowId.of(wf), VersionId.of(v),
                    SampleDefinitions.triage("^2.1.0", "prompt of " + v + " in " + wf), "scenario", ""));
            RollbackRun deploy = rollback("deploy-" + v + "-" + wf, wf, v, "manual");
            assertTrue(deploy.succeeded(), () -> deploy.error() + ": " + deploy.cause());
        }
        return wf;
    }

    private static RollbackRun rollback(String name, String wf, String target, String trigger) {
        return runner.run(ChainFixture.rollbackInput(name, wf, target, "trigger", trigger),
                LocalRollbackRunner.RunOptions.instant().named(name));
    }

    /** What each CheckHealth returned: the health window, in order. */
    private static List<JsonNode> windows(RollbackRun run) {
        return run.execution().events().stream()
                .filter(e -> "StateExited".equals(e.type()) && "CheckHealth".equals(e.stateName()))
                .map(ExecutionEvent::output).map(o -> o.path("health")).toList();
    }

    private static RollbackRecord record(String wf, String name) {
        return runner.stores().journal().find(EnvironmentRef.of(wf, "prod"), ChainFixture.executionId(name))
                .orElseThrow();
    }

    private static VersionStatus status(String wf, String version) {
        return runner.registry().get(WorkflowId.of(wf), VersionId.of(version)).status();
    }

    @Test
    void anAlarmRollbackToLastKnownGoodSucceedsWhenTheAlarmThatStartedItRecoversWithinTheWindow() {
        String wf = v2LiveWithAlarm();
        // The alarm fired on v2 and is still in ALARM at the first check, seconds after the switch; on v1's data
        // CloudWatch moves it to OK before the second.
        health.alarmFiredBeforeSwitch(wf, wf + "-errors", 1);

        String name = "alarm-recovers-" + wf;
        RollbackRun run = rollback(name, wf, "last-known-good", "alarm");

        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
        List<JsonNode> windows = windows(run);
        assertEquals(3, windows.size(), "the whole window ran: at the switch, 30 s later, at its end");
        JsonNode first = windows.get(0);
        assertTrue(first.path("healthy").asBoolean() && !first.path("done").asBoolean(), first.toString());
        assertEquals(wf + "-errors", first.path("last").path("alarms_pending").get(0).asText());
        assertEquals(record(wf, name).switchedAt().toString(), first.path("switched_at").asText());
        assertEquals(VersionStatus.GOOD, status(wf, "v1"), "last-known-good is not condemned for v2's alarm");
        assertEquals(VersionStatus.BAD, status(wf, "v2"), "the alarm fired on v2 and health recovered without it");
        assertEquals(RollbackStatus.SUCCEEDED, record(wf, name).status());
    }

    @Test
    void theAlarmStillInAlarmWhenTheWindowEndsFailsVerificationAtTheLastCheck() {
        String wf = v2LiveWithAlarm();
        health.alarmFiredBeforeSwitch(wf, wf + "-errors", -1);

        String name = "alarm-stays-" + wf;
        RollbackRun run = rollback(name, wf, "last-known-good", "alarm");

        assertFalse(run.succeeded());
        assertEquals(RollbackOutcome.UNHEALTHY, run.error());
        List<JsonNode> windows = windows(run);
        assertEquals(3, windows.size(), "pending is not failed: only the window's end decides");
        assertTrue(windows.get(1).path("healthy").asBoolean(), windows.get(1).toString());
        assertFalse(windows.get(2).path("healthy").asBoolean());
        RollbackRecord record = record(wf, name);
        assertEquals(RollbackStatus.HELD, record.status());
        assertTrue(record.health().contains(wf + "-errors still in ALARM when the verification window ended"),
                record.health());
    }

    @Test
    void anAlarmTheTargetRaisesAfterTheSwitchFailsTheFirstCheckThatSeesIt() {
        String wf = v2LiveWithAlarm();
        health.alarmFiresAfterSwitch(wf, wf + "-errors");

        String name = "alarm-after-" + wf;
        RollbackRun run = rollback(name, wf, "v1", "manual");

        assertFalse(run.succeeded());
        assertEquals(1, windows(run).size(), "a failure on the target's own evidence ends the window at once");
        RollbackRecord record = record(wf, name);
        assertEquals(RollbackStatus.HELD, record.status());
        assertTrue(record.health().contains("after the switch) in ALARM"), record.health());
        assertEquals(VersionStatus.BAD, status(wf, "v1"));
    }
}
