package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.Polling;
import dev.flowback.health.CloudWatchHealthProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The persistent local stack: what it stores survives a restart on the same data directory, an alarm state change
 * travels CloudWatch stand-in → EventBridge (moto) rule → SQS → the real trigger, and a port in use is refused before
 * anything starts, with a message saying which.
 */
class LocalStackTest {
    @TempDir
    Path data;

    private LocalStack start(List<String> lines) {
        return LocalStack.start(LocalStack.Config.persistent(data, line -> {
            lines.add(line);
            System.out.println(line);
        }).anyPorts());
    }

    @Test
    void versionsEnvironmentsAndSnapshotsSurviveARestartAndAnAlarmReachesTheTrigger() {
        WorkflowId workflow = WorkflowId.of("wf-persistent");
        EnvironmentRef prod = EnvironmentRef.of("wf-persistent", "prod");
        List<String> lines = new ArrayList<>();
        try (LocalStack stack = start(lines)) {
            stack.stores().registry().publish(PublishRequest.of(workflow, VersionId.of("v1"),
                    SampleDefinitions.triage("^2.1.0", "persisted"), "test", "first"));
            stack.chain().environments().create(Environment.of(prod, "flowback-engine", "2.4.1"));

            // An alarm nobody mapped: the trigger records a refusal, which proves the delivery path end to end.
            try (CloudWatchClient cw = CloudWatchHealthProbe.client(stack.settings())) {
                cw.putMetricAlarm(b -> b.alarmName("unmapped").namespace("N").metricName("M").statistic("Average")
                        .period(10).evaluationPeriods(1).threshold(1.0)
                        .comparisonOperator("GreaterThanThreshold"));
                cw.setAlarmState(b -> b.alarmName("unmapped").stateValue(StateValue.ALARM).stateReason("test"));
            }
            AlarmEventRelay.Delivery delivery = Polling.await(() -> stack.alarmEvents().deliveries().stream()
                    .filter(d -> d.alarmName().equals("unmapped")).findFirst(), Duration.ofSeconds(30),
                    "the state change delivered to the trigger");
            assertEquals("ALARM", delivery.state());
            assertEquals("aws.cloudwatch", delivery.event().path("source").asText(), delivery.event().toString());
            assertEquals("refused", delivery.decision(), delivery.answer().toString());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("dynamodb")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("created table")), "a new data directory: " + lines);

        List<String> again = new ArrayList<>();
        try (LocalStack stack = start(again)) {
            assertEquals(VersionId.of("v1"), stack.stores().registry().get(workflow, VersionId.of("v1")).versionId());
            assertEquals(1, stack.stores().registry().history(workflow, 10, null).versions().size());
            assertEquals("2.4.1", stack.chain().environments().get(prod).environment().engineVersion());
            // Read back from S3Proxy's directory and re-hashed against the recorded SHA-256 (throws if not equal).
            assertTrue(new String(stack.stores().registry().read(workflow, VersionId.of("v1")).bytes(),
                    StandardCharsets.UTF_8).contains("persisted"));
        }
        assertTrue(again.stream().noneMatch(l -> l.contains("created table")), "the table was kept: " + again);
    }

    @Test
    void aStoragePortInUseIsNamedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStack.Config config = new LocalStack.Config(data, taken.getLocalPort(), 0, Duration.ofSeconds(1),
                    null, line -> { });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalStack.start(config));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"),
                    e.getMessage());
        }
    }
}
