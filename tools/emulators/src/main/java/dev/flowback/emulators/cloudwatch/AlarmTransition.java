package dev.flowback.emulators.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An alarm's state changed value in the stand-in (SetAlarmState, or an evaluation of its metric). CloudWatch then
 * runs the actions configured for the new state; this renders what each delivery path carries, in the shapes AWS
 * documents (docs/notes: the Lambda alarm action, the EventBridge "CloudWatch Alarm State Change" event, the SNS
 * notification's message), so a local run delivers what AWS would.
 *
 * @param config the alarm's configuration as PutMetricAlarm / PutCompositeAlarm gave it
 */
public record AlarmTransition(String alarmName, String alarmArn, boolean composite, String description,
                              JsonNode config, boolean actionsEnabled, AlarmState previous, AlarmState current) {

    /** {@code 2026-01-02T03:04:05.678+0000}: every inner timestamp, and SNS's StateChangeTime. */
    public static final DateTimeFormatter STATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    /** {@code 2026-01-02T03:04:05Z}: the EventBridge envelope's time. */
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** SNS notifications name the region by its display name. */
    public static final String REGION_NAME = "US East (N. Virginia)";
    private static final ObjectMapper JSON = dev.flowback.core.definition.Json.strict().build();

    /** The actions CloudWatch runs for the new state: none while actions are disabled. */
    public List<String> actions() {
        if (!actionsEnabled) {
            return List.of();
        }
        String list = switch (current.value()) {
            case "ALARM" -> "AlarmActions";
            case "OK" -> "OKActions";
            default -> "InsufficientDataActions";
        };
        List<String> out = new ArrayList<>();
        config.path(list).forEach(a -> out.add(a.asText()));
        return out;
    }

    /** The payload of the alarm's Lambda action ({@code lambda.alarms.cloudwatch.amazonaws.com} invokes with it). */
    public String lambdaActionEvent() {
        ObjectNode event = JSON.createObjectNode()
                .put("source", "aws.cloudwatch")
                .put("alarmArn", alarmArn)
                .put("accountId", LocalCloudWatch.ACCOUNT)
                .put("time", STATE_TIME.format(current.timestamp()))
                .put("region", LocalCloudWatch.REGION);
        alarm(event.putObject("alarmData"));
        return text(event);
    }

    /** The EventBridge event CloudWatch puts on the default bus. */
    public String eventBridgeEvent() {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.nameUUIDFromBytes((alarmArn + current.timestamp()).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .put("detail-type", "CloudWatch Alarm State Change")
                .put("source", "aws.cloudwatch")
                .put("account", LocalCloudWatch.ACCOUNT)
                .put("time", EVENT_TIME.format(current.timestamp()))
                .put("region", LocalCloudWatch.REGION);
        event.putArray("resources").add(alarmArn);
        alarm(event.putObject("detail"));
        return text(event);
    }

    /** The alarm's part, the same in both: its name, state, previous state and configuration. */
    private void alarm(ObjectNode into) {
        into.put("alarmName", alarmName);
        into.set("state", state(current));
        into.set("previousState", state(previous));
        into.set("configuration", configuration());
    }

    /** The Subject of the SNS notification: {@code ALARM: "name" in US East (N. Virginia)}. */
    public String snsSubject() {
        return current.value() + ": \"" + alarmName + "\" in " + REGION_NAME;
    }

    /** The Message of the SNS notification: CloudWatch's JSON, as text. */
    public String snsMessage() {
        ObjectNode m = JSON.createObjectNode()
                .put("AlarmName", alarmName)
                .put("AlarmDescription", description)
                .put("AWSAccountId", LocalCloudWatch.ACCOUNT)
                .put("NewStateValue", current.value())
                .put("NewStateReason", current.reason())
                .put("StateChangeTime", STATE_TIME.format(current.timestamp()))
                .put("Region", REGION_NAME)
                .put("AlarmArn", alarmArn)
                .put("OldStateValue", previous.value());
        if (composite) {
            m.put("AlarmRule", config.path("AlarmRule").asText());
        } else {
            m.set("Trigger", trigger());
        }
        return text(m);
    }

    /**
     * What the Lambda service hands a function subscribed to an SNS topic, wrapping one notification (the
     * {@code Records} envelope {@code SNSEvent} reads).
     */
    public static String snsLambdaEvent(String topicArn, String messageId, String subject, String message,
                                        Instant timestamp) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject()
                .put("EventSource", "aws:sns")
                .put("EventVersion", "1.0")
                .put("EventSubscriptionArn", topicArn + ":" + UUID.nameUUIDFromBytes(topicArn.getBytes(
                        StandardCharsets.UTF_8)));
        record.putObject("Sns")
                .put("Type", "Notification")
                .put("MessageId", messageId)
                .put("TopicArn", topicArn)
                .put("Subject", subject)
                .put("Message", message)
                .put("Timestamp", timestamp.toString())
                .put("SignatureVersion", "1")
                .put("Signature", "bG9jYWw=")
                .put("SigningCertUrl", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-local.pem")
                .put("UnsubscribeUrl", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe")
                .putObject("MessageAttributes");
        return text(event);
    }

    private static ObjectNode state(AlarmState s) {
        ObjectNode node = JSON.createObjectNode().put("value", s.value()).put("reason", s.reason());
        if (s.reasonData() != null) {
            node.put("reasonData", s.reasonData());
        }
        return node.put("timestamp", STATE_TIME.format(s.timestamp()));
    }

    /** The configuration block of the Lambda and EventBridge shapes (camelCase, dimensions as an object). */
    private ObjectNode configuration() {
        ObjectNode c = JSON.createObjectNode();
        if (description != null) {
            c.put("description", description);
        }
        if (composite) {
            c.put("alarmRule", config.path("AlarmRule").asText());
            return c;
        }
        ArrayNode metrics = c.putArray("metrics");
        if (config.has("Metrics")) {
            for (JsonNode q : config.get("Metrics")) {
                ObjectNode m = metrics.addObject().put("id", q.path("Id").asText());
                if (q.has("Expression")) {
                    m.put("expression", q.get("Expression").asText());
                }
                if (q.has("Label")) {
                    m.put("label", q.get("Label").asText());
                }
                if (q.has("MetricStat")) {
                    JsonNode ms = q.get("MetricStat");
                    m.set("metricStat", metricStat(ms.path("Metric"), ms.path("Period").asInt(),
                            ms.path("Stat").asText(), ms.path("Unit").asText(null)));
                }
                m.put("returnData", !q.has("ReturnData") || q.get("ReturnData").asBoolean());
            }
        } else {
            ObjectNode m = metrics.addObject().put("id", UUID.nameUUIDFromBytes(alarmArn.getBytes(
                    StandardCharsets.UTF_8)).toString());
            ObjectNode metric = JSON.createObjectNode().put("MetricName", config.path("MetricName").asText())
                    .put("Namespace", config.path("Namespace").asText());
            metric.set("Dimensions", config.path("Dimensions"));
            m.set("metricStat", metricStat(metric, config.path("Period").asInt(), statistic(),
                    config.path("Unit").asText(null)));
            m.put("returnData", true);
        }
        return c;
    }

    private static ObjectNode metricStat(JsonNode metric, int period, String stat, String unit) {
        ObjectNode ms = JSON.createObjectNode();
        ObjectNode m = ms.putObject("metric").put("namespace", metric.path("Namespace").asText())
                .put("name", metric.path("MetricName").asText());
        ObjectNode dims = m.putObject("dimensions");
        metric.path("Dimensions").forEach(d -> dims.put(d.path("Name").asText(), d.path("Value").asText()));
        ms.put("period", period).put("stat", stat);
        if (unit != null) {
            ms.put("unit", unit);
        }
        return ms;
    }

    private String statistic() {
        return config.has("ExtendedStatistic") ? config.get("ExtendedStatistic").asText()
                : config.path("Statistic").asText();
    }

    /** The SNS message's Trigger: the metric and the rule, as CloudWatch writes it (statistic in capitals). */
    private ObjectNode trigger() {
        ObjectNode t = JSON.createObjectNode()
                .put("MetricName", config.path("MetricName").asText(null))
                .put("Namespace", config.path("Namespace").asText(null));
        if (config.has("ExtendedStatistic")) {
            t.put("StatisticType", "ExtendedStatistic").put("ExtendedStatistic",
                    config.get("ExtendedStatistic").asText());
        } else {
            t.put("StatisticType", "Statistic").put("Statistic", config.path("Statistic").asText()
                    .toUpperCase(Locale.ROOT));
        }
        t.put("Unit", config.path("Unit").asText(null));
        ArrayNode dims = t.putArray("Dimensions");
        config.path("Dimensions").forEach(d -> dims.addObject().put("value", d.path("Value").asText())
                .put("name", d.path("Name").asText()));
        t.put("Period", config.path("Period").asInt());
        t.put("EvaluationPeriods", config.path("EvaluationPeriods").asInt());
        t.put("ComparisonOperator", config.path("ComparisonOperator").asText());
        t.put("Threshold", config.path("Threshold").asDouble());
        t.put("TreatMissingData", config.path("TreatMissingData").asText(""));
        t.put("EvaluateLowSampleCountPercentile", config.path("EvaluateLowSampleCountPercentile").asText(""));
        return t;
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
