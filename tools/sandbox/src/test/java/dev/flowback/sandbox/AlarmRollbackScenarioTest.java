package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.emulators.cloudwatch.AlarmTransition;
import dev.flowback.emulators.cloudwatch.LocalCloudWatch;
import dev.flowback.sandbox.AlarmStack.Path;
import dev.flowback.sandbox.AlarmStack.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Alarms rolling production back through the state machine on the local stack: the CloudWatch stand-in changes an
 * alarm's state (through the CloudWatch API, or by evaluating its metric), the change is delivered to the real
 * trigger handler by the alarm action, EventBridge or SNS, and the rollback runs the real rollback.asl.json over the
 * real handlers on dynalite and S3Proxy. One movable clock for all of it.
 */
class AlarmRollbackScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AlarmStack stack;

    @BeforeAll
    static void start() {
        stack = new AlarmStack();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static JsonNode decision(String answer) {
        try {
            return JSON.readTree(answer).path("decisions").get(0);
        } catch (IOException e) {
            throw new AssertionError(answer, e);
        }
    }

    private static RollbackRecord record(Scenario s, String executionArn) {
        return stack.stores.journal().find(s.ref, executionArn).orElseThrow();
    }

    private static VersionStatus status(Scenario s, String version) {
        return stack.stores.registry().get(s.ref.workflow(), VersionId.of(version)).status();
    }

    @Test
    void anAlarmEvaluatedFromItsMetricRollsBackOnceThroughTheStateMachineWithItsFigures() {
        Scenario s = stack.scenario(AlarmStack.quick());
        Instant now = stack.clock.instant();
        Instant minute = Instant.ofEpochSecond(now.getEpochSecond() / 60 * 60);
        stack.cw.putMetricData(b -> b.namespace("Flowback/Engine").metricData(MetricDatum.builder()
                .metricName("LatencyMs").timestamp(minute.minusSeconds(30)).value(312.5)
                .unit(StandardUnit.MILLISECONDS).dimensions(Dimension.builder().name("Workflow")
                        .value(s.ref.workflow().value()).build()).build()));
        int before = stack.transitions.size();
        stack.cloudWatch.evaluateAlarms();
        AlarmTransition fired = stack.transitions.stream().skip(before).filter(t -> t.alarmName().equals(s.alarm))
                .findFirst().orElseThrow();
        assertEquals("ALARM", fired.current().value(), fired.current().reason());

        JsonNode d = decision(stack.deliver(fired, Path.LAMBDA_ACTION));
        assertEquals("started", d.path("decision").asText(), d.toString());
        AlarmStack.EndedExecution run = stack.executions.runs.get(d.path("execution_name").asText());
        assertTrue(run.succeeded(), run.error() + " " + run.cause());
        assertEquals(VersionId.of("v1"), s.live());
        assertEquals(VersionStatus.GOOD, status(s, "v1"));
        assertEquals(VersionStatus.BAD, status(s, "v2"), "the version live when the alarm fired");
        assertTrue(stack.stores.holds().find(s.ref, VersionId.of("v2")).orElseThrow().isActive());

        AlarmEvidence evidence = record(s, d.path("execution_arn").asText()).evidence();
        assertEquals(List.of(312.5), evidence.values(), "the measured datapoint, as a number, on the record");
        assertEquals(250.0, evidence.threshold());
        assertEquals(312.5, run.output().path("evidence").path("values").get(0).asDouble(),
                "and in the execution's outcome (the final event's detail)");
        assertEquals("alarm", run.output().path("trigger").asText());
    }

    @Test
    void everyDeliveryShapeStartsOneRollback() {
        for (Path path : Path.values()) {
            Scenario s = stack.scenario(AlarmStack.quick());
            AlarmTransition t = s.breach();
            JsonNode d = decision(stack.deliver(t, path));
            assertEquals("started", d.path("decision").asText(), path + ": " + d);
            assertTrue(stack.executions.runs.get(d.path("execution_name").asText()).succeeded(), path.toString());
            assertEquals(VersionId.of("v1"), s.live(), path.toString());
        }
    }

    @Test
    void aCompositeAlarmsActionRollsBackToo() {
        Scenario s = stack.scenario(AlarmStack.quick());
        String composite = s.alarm + "-overall";
        stack.cw.putCompositeAlarm(b -> b.alarmName(composite).alarmRule("ALARM(\"" + s.alarm + "\")")
                .alarmActions(AlarmStack.TRIGGER_ARN));
        stack.controls().unmap(s.alarm);
        stack.controls().map(AlarmMapping.of(composite, s.ref,
                stack.clock.instant(), "scenario"));
        AlarmTransition t = stack.setAlarm(composite, StateValue.ALARM, LocalCloudWatch.alarmArn(s.alarm)
                + " transitioned to ALARM");
        JsonNode d = decision(stack.deliver(t, Path.LAMBDA_ACTION));
        assertEquals("started", d.path("decision").asText(), d.toString());
        assertEquals(VersionId.of("v1"), s.live());
        assertEquals(0, d.path("alarm").path("values").size(), "a composite's reason cites no values");
    }

    @Test
    void theSameStateChangeDeliveredThreeTimesIsOneExecution() {
        Scenario s = stack.scenario(AlarmStack.quick());
        AlarmTransition t = s.breach();
        int runs = stack.executions.runs.size();
        List<String> decisions = new ArrayList<>();
        for (Path path : List.of(Path.EVENTBRIDGE, Path.SNS, Path.LAMBDA_ACTION)) {
            decisions.add(decision(stack.deliver(t, path)).path("decision").asText());
            stack.clock.advance(Duration.ofSeconds(1));
        }
        assertEquals("started", decisions.get(0));
        assertFalse(decisions.subList(1, 3).contains("started"), decisions.toString());
        assertEquals(runs + 1, stack.executions.runs.size(), "one execution");
        assertEquals(2, stack.stores.environments().get(s.ref).pointer().revision(), "the setup's switch, then"
                + " one switch back");
    }

    @Test
    void theCascadeTheSameAlarmRedeliveredAfterItsRollbackSwitchesNothingAndTheGoodVersionStaysGood() {
        Scenario s = stack.scenario(AlarmStack.quick());
        AlarmTransition t = s.breach();
        assertEquals("started", decision(stack.deliver(t, Path.SNS)).path("decision").asText());
        long revision = stack.stores.environments().get(s.ref).pointer().revision();
        int runs = stack.executions.runs.size();

        stack.clock.advance(Duration.ofMinutes(16));
        JsonNode late = decision(stack.deliver(t, Path.EVENTBRIDGE));
        assertEquals("stale", late.path("decision").asText(), late.toString());
        assertEquals(runs, stack.executions.runs.size(), "no second execution");
        assertEquals(revision, stack.stores.environments().get(s.ref).pointer().revision(), "no second switch");
        assertEquals(VersionId.of("v1"), s.live());
        assertEquals(VersionStatus.GOOD, status(s, "v1"), "the good version is not marked BAD");
    }

    @Test
    void flappingForTenMinutesRollsBackOncePerCooldownAndFreezesAtTheCap() {
        Scenario s = stack.scenario(AlarmStack.quick());
        stack.controls().setPolicy(s.ref, new AutomationPolicy(Duration.ofMinutes(1), 3));
        List<String> fixes = new ArrayList<>(List.of("v3", "v4", "v5", "v6"));
        List<JsonNode> decisions = new ArrayList<>();
        Instant end = stack.clock.instant().plus(Duration.ofMinutes(10));
        boolean alarm = true;
        while (stack.clock.instant().isBefore(end)) {
            Instant tick = stack.clock.instant();
            AlarmTransition t = stack.setAlarm(s.alarm, alarm ? StateValue.ALARM : StateValue.OK, alarm
                    ? "Threshold Crossed: 1 datapoint [300.0 (01/12/26 10:00:00)] was greater than the threshold"
                    + " (250.0)." : "Threshold Crossed: 1 datapoint [200.0 (01/12/26 10:00:00)] was not greater"
                    + " than the threshold (250.0).");
            JsonNode d = decision(stack.deliver(t, Path.EVENTBRIDGE));
            decisions.add(d);
            if (d.path("decision").asText().equals("started") && !fixes.isEmpty()) {
                // The team pushes its next fix forward after each automatic rollback.
                stack.clock.advance(Duration.ofSeconds(3));
                s.deploy(fixes.remove(0));
            }
            stack.clock.set(tick.plusSeconds(10));
            alarm = !alarm;
        }
        List<Instant> starts = decisions.stream().filter(d -> d.path("decision").asText().equals("started"))
                .map(d -> Instant.parse(d.path("decided_at").asText())).toList();
        assertEquals(3, starts.size(), "the cap");
        for (int i = 1; i < starts.size(); i++) {
            assertFalse(starts.get(i).isBefore(starts.get(i - 1).plus(Duration.ofMinutes(1))),
                    "at most one automatic rollback per cooldown");
        }
        assertEquals(1, decisions.stream().filter(d -> d.path("froze_automation").asBoolean()).count());
        JsonNode freeze = decisions.stream().filter(d -> d.path("froze_automation").asBoolean()).findFirst()
                .orElseThrow();
        assertEquals("cap", freeze.path("rule").asText());
        assertTrue(decisions.stream().anyMatch(d -> d.path("rule").asText().equals("cooldown")));
        assertEquals(30, decisions.stream().filter(d -> d.path("rule").asText().equals("state.ok")).count());
        assertTrue(stack.announcements.announced.stream().anyMatch(a -> a.froze() && a.environment().equals(s.ref)),
                "the freeze is announced");
        assertTrue(stack.controls().automation(s.ref).frozen());
    }

    @Test
    void aRollbackOfARollbackIsRefusedWithAFreeze() {
        Scenario s = stack.scenario(AlarmStack.quick());
        AlarmTransition first = s.breach();
        assertEquals("started", decision(stack.deliver(first, Path.LAMBDA_ACTION)).path("decision").asText());
        stack.clock.advance(Duration.ofMinutes(1));
        stack.setAlarm(s.alarm, StateValue.OK, "recovered");
        stack.clock.advance(Duration.ofMinutes(15));
        AlarmTransition again = stack.setAlarm(s.alarm, StateValue.ALARM, "Threshold Crossed: 1 datapoint [420.0"
                + " (01/12/26 10:16:00)] was greater than the threshold (250.0).");
        int runs = stack.executions.runs.size();
        JsonNode d = decision(stack.deliver(again, Path.LAMBDA_ACTION));
        assertEquals("frozen", d.path("decision").asText(), d.toString());
        assertEquals("rollback-of-rollback", d.path("rule").asText());
        assertEquals(runs, stack.executions.runs.size());
        assertEquals(VersionId.of("v1"), s.live(), "v1 stays: there is nothing good to go back to from a rollback");
        assertEquals(VersionStatus.GOOD, status(s, "v1"));
        assertTrue(stack.controls().automation(s.ref).frozen());
    }

    @Test
    void insufficientDataAndOkAreIgnoredAndRecorded() {
        Scenario s = stack.scenario(AlarmStack.quick());
        int runs = stack.executions.runs.size();
        JsonNode quiet = decision(stack.deliver(stack.setAlarm(s.alarm, StateValue.OK, "ok"), Path.EVENTBRIDGE));
        stack.clock.advance(Duration.ofSeconds(5));
        JsonNode missing = decision(stack.deliver(stack.setAlarm(s.alarm, StateValue.INSUFFICIENT_DATA,
                "Insufficient Data: 1 datapoint was unknown."), Path.SNS));
        assertEquals("state.ok", quiet.path("rule").asText());
        assertEquals("state.insufficient-data", missing.path("rule").asText());
        assertEquals(runs, stack.executions.runs.size());
        assertEquals(List.of(Decision.IGNORED, Decision.IGNORED), s.decisions().stream()
                .map(TriggerDecision::decision).toList());
        assertEquals(VersionId.of("v2"), s.live());
    }

    @Test
    void aStateChangeFromBeforeTheLastSwitchIsStale() {
        Scenario s = stack.scenario(AlarmStack.quick());
        AlarmTransition old = s.breach();
        stack.clock.advance(Duration.ofSeconds(30));
        s.deploy("v3");
        JsonNode d = decision(stack.deliver(old, Path.SNS));
        assertEquals("stale", d.path("decision").asText(), d.toString());
        assertEquals(VersionId.of("v3"), s.live(), "the late delivery is about v2, not v3");
    }

    @Test
    void anAlarmAlreadyInAlarmBeforeTheSwitchDoesNotBlameTheNewVersion() throws Exception {
        Scenario s = stack.scenario(AlarmStack.quick());
        AlarmTransition entered = s.breach();
        stack.clock.advance(Duration.ofSeconds(30));
        s.deploy("v3");
        stack.clock.advance(Duration.ofSeconds(30));
        // The alarm stays in ALARM; its actions run again, ALARM to ALARM (a composite alarm's actions held back
        // by its suppressor until now): the alarm action's payload with the state re-stamped now.
        ObjectNode event = (ObjectNode) JSON.readTree(entered.lambdaActionEvent());
        ObjectNode data = (ObjectNode) event.path("alarmData");
        data.set("previousState", data.path("state").deepCopy());
        ((ObjectNode) data.path("state")).put("timestamp", AlarmTransition.STATE_TIME.format(stack.clock.instant()));
        String answer = new String(stack.trigger.invoke(JSON.writeValueAsBytes(event), "req-pre"),
                StandardCharsets.UTF_8);
        JsonNode d = decision(answer);
        assertEquals("preexisting-alarm", d.path("rule").asText(), d.toString());
        assertTrue(d.path("message").asText().contains("does not blame v3"), d.toString());
        assertEquals(VersionId.of("v3"), s.live());
    }

    @Test
    void aDeployWithoutForceCannotReapplyTheHeldVersion() {
        Scenario s = stack.scenario(AlarmStack.quick());
        stack.deliver(s.breach(), Path.SNS);
        assertEquals(VersionId.of("v1"), s.live());
        RollbackRun refused = stack.runner.run(ChainFixture.rollbackInput("redeploy-v2-" + s.ref.workflow(),
                s.ref.workflow().value(), "v2"), LocalRollbackRunner.RunOptions.instant()
                .named("redeploy-v2-" + s.ref.workflow()));
        assertFalse(refused.succeeded());
        assertTrue(refused.cause().contains("is held in " + s.ref), refused.cause());
        assertEquals(VersionId.of("v1"), s.live());
        // Refused at Validate, before anything was paused: the record says so.
        assertEquals(RollbackStatus.REFUSED, stack.stores.journal().find(s.ref, ChainFixture.executionId(
                "redeploy-v2-" + s.ref.workflow())).orElseThrow().status());
    }
}
