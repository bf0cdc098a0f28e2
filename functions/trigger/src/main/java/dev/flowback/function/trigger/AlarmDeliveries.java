package dev.flowback.function.trigger;

import com.amazonaws.services.lambda.runtime.events.CloudWatchCompositeAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.CloudWatchMetricAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.definition.Json;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.AlarmKind;
import dev.flowback.core.trigger.model.AlarmStateChange;
import dev.flowback.core.trigger.model.UnreadableDelivery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads whatever invoked the trigger into the core's {@link AlarmStateChange}, typed with aws-lambda-java-events and
 * read by aws-lambda-java-serialization, as the Lambda Java runtime reads them (plain Jackson cannot: SNSEvent's
 * capitalised keys and Joda times, ScheduledEvent's {@code detail-type}, fields the classes lack):
 * <ul>
 *   <li>the alarm's Lambda action, {@link CloudWatchMetricAlarmEvent} or, with {@code configuration.alarmRule},
 *       {@link CloudWatchCompositeAlarmEvent};</li>
 *   <li>the EventBridge "CloudWatch Alarm State Change" event, {@link ScheduledEvent};</li>
 *   <li>SNS notifications, {@link SNSEvent}, each record's Message being CloudWatch's alarm JSON.</li>
 * </ul>
 * The shape is told by the top-level keys only. Anything else, or a known shape with a required field missing or
 * malformed, is an {@link UnreadableDelivery} naming what was wrong; reading never throws.
 */
final class AlarmDeliveries {
    static final String STATE_CHANGE = "CloudWatch Alarm State Change";
    /** {@code 2026-01-02T03:04:05.678+0000}, CloudWatch's inner timestamps; ISO-8601 offsets are accepted too. */
    private static final DateTimeFormatter CLOUDWATCH_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]")
            .appendPattern("[XX][XXX]")
            .toFormatter();
    private static final ObjectMapper JSON = Json.strict().build();
    private static final ClassLoader LOADER = AlarmDeliveries.class.getClassLoader();
    private static final PojoSerializer<CloudWatchMetricAlarmEvent> METRIC =
            LambdaEventSerializers.serializerFor(CloudWatchMetricAlarmEvent.class, LOADER);
    private static final PojoSerializer<CloudWatchCompositeAlarmEvent> COMPOSITE =
            LambdaEventSerializers.serializerFor(CloudWatchCompositeAlarmEvent.class, LOADER);
    private static final PojoSerializer<ScheduledEvent> EVENTBRIDGE =
            LambdaEventSerializers.serializerFor(ScheduledEvent.class, LOADER);
    private static final PojoSerializer<SNSEvent> SNS = LambdaEventSerializers.serializerFor(SNSEvent.class, LOADER);

    /** What one invocation carried: the state changes read, and what could not be read. */
    record Read(List<AlarmStateChange> changes, List<UnreadableDelivery> unreadable) {
    }

    private AlarmDeliveries() {
    }

    /**
     * @param requestId the Lambda request id: the delivery id of an alarm action, which carries none of its own
     */
    static Read read(byte[] payload, String requestId) {
        List<AlarmStateChange> changes = new ArrayList<>();
        List<UnreadableDelivery> unreadable = new ArrayList<>();
        JsonNode top;
        try {
            top = JSON.readTree(payload);
        } catch (IOException e) {
            unreadable.add(new UnreadableDelivery(AlarmDelivery.UNKNOWN, requestId, null, "the payload is not JSON: "
                    + e.getMessage().lines().findFirst().orElse("")));
            return new Read(changes, unreadable);
        }
        if (top == null || !top.isObject()) {
            unreadable.add(new UnreadableDelivery(AlarmDelivery.UNKNOWN, requestId, null, "the payload is not a JSON"
                    + " object"));
        } else if (top.has("Records")) {
            readSns(payload, requestId, changes, unreadable);
        } else if (top.has("detail-type")) {
            collect(() -> eventBridge(EVENTBRIDGE.fromJson(new ByteArrayInputStream(payload))),
                    AlarmDelivery.EVENTBRIDGE, top.path("id").asText(requestId), top.path("detail")
                            .path("alarmName").asText(null), changes, unreadable);
        } else if (top.has("alarmData")) {
            String alarm = top.path("alarmData").path("alarmName").asText(null);
            boolean composite = top.path("alarmData").path("configuration").has("alarmRule");
            collect(() -> composite ? composite(COMPOSITE.fromJson(new ByteArrayInputStream(payload)), requestId)
                    : metric(METRIC.fromJson(new ByteArrayInputStream(payload)), requestId),
                    AlarmDelivery.LAMBDA_ACTION, requestId, alarm, changes, unreadable);
        } else {
            unreadable.add(new UnreadableDelivery(AlarmDelivery.UNKNOWN, requestId, null, "the event is neither a"
                    + " CloudWatch alarm action (alarmData), an EventBridge event (detail-type) nor SNS records"
                    + " (Records); its keys: " + String.join(", ", iterable(top))));
        }
        return new Read(changes, unreadable);
    }

    private interface Reading {
        AlarmStateChange read();
    }

    /** Runs one reading; a field it finds missing or malformed, or a serializer's failure, is an unreadable one. */
    private static void collect(Reading reading, AlarmDelivery delivery, String deliveryId, String alarmName,
                                List<AlarmStateChange> changes, List<UnreadableDelivery> unreadable) {
        try {
            changes.add(reading.read());
        } catch (Unreadable e) {
            unreadable.add(new UnreadableDelivery(delivery, deliveryId, alarmName, e.getMessage()));
        } catch (RuntimeException e) {
            unreadable.add(new UnreadableDelivery(delivery, deliveryId, alarmName, "the " + delivery.wireName()
                    + " delivery does not read as its event type: " + e.getMessage()));
        }
    }

    private static AlarmStateChange metric(CloudWatchMetricAlarmEvent e, String requestId) {
        CloudWatchMetricAlarmEvent.AlarmData data = present(e.getAlarmData(), "alarmData");
        CloudWatchMetricAlarmEvent.State state = present(data.getState(), "alarmData.state");
        CloudWatchMetricAlarmEvent.PreviousState previous = data.getPreviousState();
        return new AlarmStateChange(AlarmDelivery.LAMBDA_ACTION, requestId,
                name(data.getAlarmName(), "alarmData.alarmName"), e.getAlarmArn(), AlarmKind.METRIC,
                state(state.getValue(), "alarmData.state.value"), state.getReason(),
                time(state.getTimestamp(), "alarmData.state.timestamp"),
                previous == null ? null : optionalState(previous.getValue()),
                previous == null ? null : optionalTime(previous.getTimestamp()));
    }

    private static AlarmStateChange composite(CloudWatchCompositeAlarmEvent e, String requestId) {
        CloudWatchCompositeAlarmEvent.AlarmData data = present(e.getAlarmData(), "alarmData");
        CloudWatchCompositeAlarmEvent.State state = present(data.getState(), "alarmData.state");
        CloudWatchCompositeAlarmEvent.PreviousState previous = data.getPreviousState();
        return new AlarmStateChange(AlarmDelivery.LAMBDA_ACTION, requestId,
                name(data.getAlarmName(), "alarmData.alarmName"), e.getAlarmArn(), AlarmKind.COMPOSITE,
                state(state.getValue(), "alarmData.state.value"), state.getReason(),
                time(state.getTimestamp(), "alarmData.state.timestamp"),
                previous == null ? null : optionalState(previous.getValue()),
                previous == null ? null : optionalTime(previous.getTimestamp()));
    }

    private static AlarmStateChange eventBridge(ScheduledEvent e) {
        if (!STATE_CHANGE.equals(e.getDetailType()) || !"aws.cloudwatch".equals(e.getSource())) {
            throw new Unreadable("the EventBridge event is \"" + e.getDetailType() + "\" from " + e.getSource()
                    + ", not \"" + STATE_CHANGE + "\" from aws.cloudwatch");
        }
        Map<String, Object> detail = present(e.getDetail(), "detail");
        Map<?, ?> state = map(detail.get("state"), "detail.state", true);
        Map<?, ?> previous = map(detail.get("previousState"), "detail.previousState", false);
        Map<?, ?> configuration = map(detail.get("configuration"), "detail.configuration", false);
        String arn = e.getResources() == null || e.getResources().isEmpty() ? null : e.getResources().get(0);
        return new AlarmStateChange(AlarmDelivery.EVENTBRIDGE, e.getId(),
                name(text(detail.get("alarmName")), "detail.alarmName"), arn,
                configuration != null && configuration.containsKey("alarmRule") ? AlarmKind.COMPOSITE
                        : AlarmKind.METRIC,
                state(text(state.get("value")), "detail.state.value"), text(state.get("reason")),
                time(text(state.get("timestamp")), "detail.state.timestamp"),
                previous == null ? null : optionalState(text(previous.get("value"))),
                previous == null ? null : optionalTime(text(previous.get("timestamp"))));
    }

    private static void readSns(byte[] payload, String requestId, List<AlarmStateChange> changes,
                                List<UnreadableDelivery> unreadable) {
        SNSEvent event;
        try {
            event = SNS.fromJson(new ByteArrayInputStream(payload));
        } catch (RuntimeException e) {
            unreadable.add(new UnreadableDelivery(AlarmDelivery.SNS, requestId, null, "the SNS records do not read as"
                    + " an SNS event: " + e.getMessage()));
            return;
        }
        if (event.getRecords() == null || event.getRecords().isEmpty()) {
            unreadable.add(new UnreadableDelivery(AlarmDelivery.SNS, requestId, null, "the SNS event has no records"));
            return;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            String id = sns == null || sns.getMessageId() == null ? requestId : sns.getMessageId();
            collect(() -> snsMessage(present(sns, "Records[].Sns"), id), AlarmDelivery.SNS, id, null, changes,
                    unreadable);
        }
    }

    private static AlarmStateChange snsMessage(SNSEvent.SNS sns, String id) {
        JsonNode m;
        try {
            m = JSON.readTree(present(sns.getMessage(), "Sns.Message"));
        } catch (IOException e) {
            throw new Unreadable("the SNS message is not CloudWatch's alarm JSON (not JSON at all)");
        }
        if (m == null || !m.isObject() || !m.has("NewStateValue")) {
            throw new Unreadable("the SNS message is not a CloudWatch alarm notification (no NewStateValue)");
        }
        return new AlarmStateChange(AlarmDelivery.SNS, id, name(m.path("AlarmName").asText(null), "Message.AlarmName"),
                m.path("AlarmArn").asText(null), m.has("Trigger") ? AlarmKind.METRIC : AlarmKind.COMPOSITE,
                state(m.path("NewStateValue").asText(null), "Message.NewStateValue"),
                m.path("NewStateReason").asText(""), time(m.path("StateChangeTime").asText(null),
                "Message.StateChangeTime"), optionalState(m.path("OldStateValue").asText(null)), null);
    }

    /** A required field was missing or malformed; the message names it. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    private static <T> T present(T value, String field) {
        if (value == null) {
            throw new Unreadable(field + " is missing");
        }
        return value;
    }

    private static String name(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 255) {
            throw new Unreadable(field + " must be the alarm's name (1 to 255 characters)");
        }
        return value;
    }

    private static AlarmState state(String value, String field) {
        return AlarmState.fromWire(present(value, field)).orElseThrow(() -> new Unreadable(field + " \"" + value
                + "\" is not ALARM, OK or INSUFFICIENT_DATA"));
    }

    private static AlarmState optionalState(String value) {
        return value == null ? null : AlarmState.fromWire(value).orElse(null);
    }

    static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(present(value, field), CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new Unreadable(field + " \"" + value + "\" is not a time such as 2026-01-02T03:04:05.678+0000");
        }
    }

    private static Instant optionalTime(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<?, ?> map(Object value, String field, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new Unreadable(field + (value == null ? " is missing" : " is not an object"));
        }
        return m;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
