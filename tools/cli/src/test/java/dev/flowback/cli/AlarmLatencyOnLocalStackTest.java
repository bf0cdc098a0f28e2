package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.command.LocalCommand;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.definition.Json;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.emulators.Polling;
import dev.flowback.emulators.cloudwatch.AlarmTransition;
import dev.flowback.health.CloudWatchHealthProbe;
import dev.flowback.sandbox.AlarmEventRelay;
import dev.flowback.sandbox.LocalStack;
import dev.flowback.sandbox.SampleDefinitions;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * An alarm's latency on the local stack, end to end through the real trigger: SetAlarmState on the local CloudWatch,
 * its state change on moto's EventBridge, the rule, the queue, the trigger, the state machine. The rollback record
 * carries the alarm's state-change time, the switch time and the verdict's time in that order; the API returns them
 * with the two latencies derived; the CLI prints them, as a table and as JSON. The deploys before it, started by
 * hand through the CLI, have no alarm time and show none.
 */
class AlarmLatencyOnLocalStackTest {
    private static final WorkflowId WORKFLOW = WorkflowId.of("wf-latency");
    private static final EnvironmentRef PROD = EnvironmentRef.of("wf-latency", "prod");
    private static final String ALARM = "wf-latency-prod-errors";

    @TempDir
    Path root;
    @TempDir
    Path home;

    @Test
    void aTriggerStartedRollbackRecordsAlarmSwitchAndVerdictInOrderAndTheApiAndCliShowThem() throws IOException {
        try (LocalStack stack = LocalStack.start(LocalStack.Config.persistent(root.resolve("data"), line -> { })
                .anyPorts().withApi(LocalCommand::api));
             CloudWatchClient cw = CloudWatchHealthProbe.client(stack.settings());
             SfnClient sfn = SfnRollbackExecutions.client(stack.settings())) {
            LocalCommand.endpoints(stack).write(root);
            FlowbackStores stores = stack.stores();
            for (String v : List.of("v1", "v2")) {
                stores.registry().publish(PublishRequest.of(WORKFLOW, VersionId.of(v),
                        SampleDefinitions.triage("^2.1.0", "prompt of " + v), "test", v));
            }
            // The waits compressed as the demo compresses them: no drain, a two-second verification window.
            stack.chain().environments().create(Environment.of(PROD, "flowback-engine", "2.4.1")
                    .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                    .withHealth(HealthSignals.builder().alarms(List.of(ALARM)).build()));
            // No datapoints, missing data not breaching: the local evaluator keeps it OK, and puts it back to OK
            // after SetAlarmState, as CloudWatch's next evaluation does.
            cw.putMetricAlarm(b -> b.alarmName(ALARM).namespace("Flowback/Test").metricName("ErrorRate")
                    .statistic("Average").period(10).evaluationPeriods(1).threshold(5.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching"));
            Polling.awaitTrue(() -> cw.describeAlarms(b -> b.alarmNames(ALARM)).metricAlarms().get(0)
                    .stateValue() == StateValue.OK, Duration.ofSeconds(30), "the alarm evaluated to OK");
            new AutomationControls(stores.alarmMappings(), stores.environments(), stores.registry(), stores.holds(),
                    stores.automation(), stores.triggerDecisions(), Clock.systemUTC())
                    .map(AlarmMapping.of(ALARM, PROD, Instant.now(), "test"));

            // By hand, through the CLI: v1 earns GOOD (the alarm OK over its window), then v2 goes live.
            Cli.Result first = cli("rollback", WORKFLOW.value(), "--env", "prod", "--to", "v1", "--wait", "--local");
            assertEquals(0, first.exit(), first.toString());
            assertTrue(first.out().contains("no alarm started this rollback (trigger api): no alarm latency"),
                    first.toString());
            Cli.Result second = cli("rollback", WORKFLOW.value(), "--env", "prod", "--to", "v2", "--wait", "--local");
            assertEquals(0, second.exit(), second.toString());

            AlarmEventRelay relay = stack.alarmEvents();
            cw.setAlarmState(b -> b.alarmName(ALARM).stateValue(StateValue.ALARM).stateReason("Threshold Crossed:"
                    + " 1 datapoint [9.5] was greater than the threshold (5.0)."));
            AlarmEventRelay.Delivery started = Polling.await(() -> relay.deliveries().stream()
                    .filter(d -> d.alarmName().equals(ALARM) && d.decision().equals("started")).findFirst(),
                    Duration.ofSeconds(60), "the trigger starting the rollback");
            AlarmTransition fired = relay.transitions().stream().filter(t -> t.alarmName().equals(ALARM)
                    && t.current().value().equals("ALARM")).findFirst().orElseThrow();
            String arn = started.answer().path("decisions").path(0).path("execution_arn").asText();
            // Waiting on the execution (the local Step Functions API), not by polling dynalite for the record.
            Polling.awaitTrue(() -> sfn.describeExecution(b -> b.executionArn(arn)).status()
                    != ExecutionStatus.RUNNING, Duration.ofSeconds(90), "the rollback's execution ended");
            RollbackRecord record = stores.journal().find(PROD, arn).orElseThrow();

            assertEquals(RollbackStatus.SUCCEEDED, record.status(), record.message());
            assertEquals(RollbackTrigger.ALARM, record.trigger());
            Instant alarmAt = fired.current().timestamp().truncatedTo(ChronoUnit.MILLIS);
            assertEquals(alarmAt, record.alarmAt().orElseThrow(), "CloudWatch's state timestamp, from the event");
            assertTrue(alarmAt.isBefore(record.startedAt()), record.toString());
            assertFalse(record.switchedAt().isBefore(record.startedAt()), record.toString());
            assertTrue(record.verifiedAt().isAfter(record.switchedAt()), "after a two-second window: " + record);
            assertFalse(record.finishedAt().isBefore(record.verifiedAt()), record.toString());
            Duration toSwitched = Duration.between(alarmAt, record.switchedAt());
            Duration toVerified = Duration.between(alarmAt, record.verifiedAt());
            assertEquals(toSwitched, record.alarmToSwitched().orElseThrow());
            assertEquals(toVerified, record.alarmToVerified().orElseThrow());

            Cli.Result json = cli("status", arn, "--workflow", WORKFLOW.value(), "--env", "prod", "--local", "-o",
                    "json");
            assertEquals(0, json.exit(), json.toString());
            JsonNode view = Json.MAPPER.readTree(json.out());
            assertEquals(List.of(alarmAt.toString(), record.switchedAt().toString(), record.verifiedAt().toString()),
                    List.of(view.path("alarm_at").asText(), view.path("switched_at").asText(),
                            view.path("verified_at").asText()), view.toString());
            assertEquals(toSwitched.toMillis(), view.path("alarm_to_switched_ms").asLong());
            assertEquals(toVerified.toMillis(), view.path("alarm_to_verified_ms").asLong());

            Cli.Result table = cli("status", arn, "--workflow", WORKFLOW.value(), "--env", "prod", "--local");
            assertEquals(0, table.exit(), table.toString());
            String out = table.out();
            assertTrue(out.contains("TIME      AT"), out);
            assertTrue(out.matches("(?s).*\nalarm +" + Pattern.quote(alarmAt.toString()) + " +0\\.000 s\n.*"), out);
            assertRow(out, "switched", record.switchedAt(), toSwitched);
            assertRow(out, "verified", record.verifiedAt(), toVerified);
            assertFalse(out.contains("no alarm started"), out);

            Matcher manualId = Pattern.compile("rollback (\\S+) started").matcher(second.out());
            assertTrue(manualId.find(), second.toString());
            JsonNode manual = Json.MAPPER.readTree(cli("status", manualId.group(1), "--workflow", WORKFLOW.value(),
                    "--env", "prod", "--local", "-o", "json").out());
            assertEquals("api", manual.path("trigger").asText());
            assertTrue(manual.hasNonNull("switched_at") && manual.hasNonNull("verified_at"), manual.toString());
            assertTrue(manual.path("alarm_at").isNull() && manual.path("alarm_to_switched_ms").isNull()
                    && manual.path("alarm_to_verified_ms").isNull(), "started by hand: no alarm time " + manual);
        }
    }

    private static void assertRow(String out, String label, Instant at, Duration sinceAlarm) {
        String seconds = String.format(Locale.ROOT, "%.3f s", sinceAlarm.toMillis() / 1000.0);
        assertTrue(out.matches("(?s).*\n" + label + " +" + Pattern.quote(at.toString()) + " +" + Pattern.quote(seconds)
                + "\n.*"), label + " " + at + " " + seconds + " in\n" + out);
    }

    private Cli.Result cli(String... args) {
        return new Cli(root, home).run(args);
    }
}
