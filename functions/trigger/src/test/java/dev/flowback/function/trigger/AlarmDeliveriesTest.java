package dev.flowback.function.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.AlarmKind;
import dev.flowback.core.trigger.model.AlarmStateChange;
import dev.flowback.core.trigger.model.UnreadableDelivery;
import dev.flowback.emulators.LocalTooling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every delivery shape in events/alarms/ read as the Lambda runtime reads it (aws-lambda-java-serialization into the
 * aws-lambda-java-events types), into the core's state change; the three deliveries of one change read the same.
 */
class AlarmDeliveriesTest {
    private static final Path ALARMS = LocalTooling.get().root().resolve("events").resolve("alarms");
    private static final Instant CHANGED = Instant.parse("2026-01-02T03:04:05.678Z");

    private static AlarmStateChange one(String sample) throws IOException {
        AlarmDeliveries.Read read = AlarmDeliveries.read(Files.readAllBytes(ALARMS.resolve(sample + ".json")),
                "req-1");
        assertEquals(List.of(), read.unreadable(), sample);
        assertEquals(1, read.changes().size(), sample);
        return read.changes().get(0);
    }

    private static UnreadableDelivery refused(String payload) {
        AlarmDeliveries.Read read = AlarmDeliveries.read(payload.getBytes(StandardCharsets.UTF_8), "req-9");
        assertEquals(List.of(), read.changes());
        assertEquals(1, read.unreadable().size());
        return read.unreadable().get(0);
    }

    @Test
    void theThreeDeliveriesOfOneStateChangeReadAsTheSameEvidence() throws IOException {
        AlarmStateChange action = one("metric-alarm-action");
        AlarmStateChange event = one("eventbridge-state-change");
        AlarmStateChange sns = one("sns-notification");
        assertEquals(AlarmDelivery.LAMBDA_ACTION, action.delivery());
        assertEquals(AlarmDelivery.EVENTBRIDGE, event.delivery());
        assertEquals(AlarmDelivery.SNS, sns.delivery());
        assertEquals("req-1", action.deliveryId(), "an alarm action has no id of its own");
        assertEquals("7d0c4a3e-1f0e-4c1e-9b7e-3f7a2c1d0e01", event.deliveryId());
        assertEquals("95df01b4-ee98-5cb9-9903-4c221d41eb5e", sns.deliveryId());

        AlarmEvidence evidence = action.evidence();
        assertEquals(evidence, event.evidence());
        assertEquals(evidence, sns.evidence());
        assertEquals("orders-latency-high", evidence.alarmName());
        assertEquals(AlarmState.ALARM, evidence.state());
        assertEquals(CHANGED, evidence.stateChangedAt());
        assertEquals(List.of(300.0, 280.5), evidence.values());
        assertEquals(250.0, evidence.threshold());

        assertEquals(AlarmState.OK, action.previousState());
        assertEquals(Instant.parse("2026-01-02T03:00:00.123Z"), action.previousStateChangedAt());
        assertEquals(action.previousStateChangedAt(), event.previousStateChangedAt());
        assertNull(sns.previousStateChangedAt(), "SNS says the old state, not since when");
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-latency-high", event.alarmArn());
    }

    @Test
    void compositeInsufficientDataAndOkReadAsWhatTheyAre() throws IOException {
        AlarmStateChange composite = one("composite-alarm-action");
        assertEquals(AlarmKind.COMPOSITE, composite.kind());
        assertEquals("orders-composite", composite.alarmName());
        assertEquals(List.of(), composite.evidence().values(), "a composite's reason names alarms, not values");
        assertEquals(AlarmState.INSUFFICIENT_DATA, one("insufficient-data-alarm-action").state());
        AlarmStateChange ok = one("ok-eventbridge");
        assertEquals(AlarmState.OK, ok.state());
        assertEquals(AlarmState.ALARM, ok.previousState());
    }

    @Test
    void whatIsNotAnAlarmDeliveryIsRefusedNamingWhy() {
        assertTrue(refused("not json").problem().startsWith("the payload is not JSON"));
        assertTrue(refused("[1, 2]").problem().contains("not a JSON object"));
        UnreadableDelivery other = refused("{\"hello\": \"world\"}");
        assertEquals(AlarmDelivery.UNKNOWN, other.delivery());
        assertTrue(other.problem().contains("its keys: hello"), other.problem());
        UnreadableDelivery config = refused("{\"version\": \"0\", \"id\": \"e-1\", \"detail-type\": \"CloudWatch"
                + " Alarm Configuration Change\", \"source\": \"aws.cloudwatch\", \"detail\": {\"alarmName\": \"a\"}}");
        assertEquals(AlarmDelivery.EVENTBRIDGE, config.delivery());
        assertEquals("a", config.alarmName());
        assertTrue(config.problem().contains("not \"CloudWatch Alarm State Change\""), config.problem());
        UnreadableDelivery noTime = refused("{\"alarmData\": {\"alarmName\": \"a\", \"state\": {\"value\": \"ALARM\","
                + " \"reason\": \"r\"}}}");
        assertEquals("alarmData.state.timestamp is missing", noTime.problem());
        UnreadableDelivery badState = refused("{\"version\": \"0\", \"id\": \"e-2\", \"detail-type\": \"CloudWatch"
                + " Alarm State Change\", \"source\": \"aws.cloudwatch\", \"time\": \"2026-01-02T03:04:05Z\","
                + " \"detail\": {\"alarmName\": \"a\", \"state\": {\"value\": \"RED\", \"timestamp\":"
                + " \"2026-01-02T03:04:05.678+0000\"}}}");
        assertTrue(badState.problem().contains("detail.state.value \"RED\""), badState.problem());
        UnreadableDelivery plainSns = refused("{\"Records\": [{\"EventSource\": \"aws:sns\", \"Sns\": {\"MessageId\":"
                + " \"m-1\", \"Message\": \"hello\", \"Timestamp\": \"2026-01-02T03:04:05.912Z\"}}]}");
        assertEquals("m-1", plainSns.deliveryId());
        assertTrue(plainSns.problem().contains("not CloudWatch's alarm JSON"), plainSns.problem());
    }
}
