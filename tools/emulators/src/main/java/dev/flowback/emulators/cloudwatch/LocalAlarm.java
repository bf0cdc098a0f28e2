package dev.flowback.emulators.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alarm the stand-in keeps: its configuration as PutMetricAlarm / PutCompositeAlarm gave it (validated; member
 * names are the same in and out, so DescribeAlarms writes them back as they came, Integer members as integers), and
 * its state. Guarded by the stand-in's lock.
 */
final class LocalAlarm {
    final String name;
    final boolean composite;
    ObjectNode config;
    Instant configUpdatedAt;
    AlarmState state;
    Instant stateTransitionedAt;

    LocalAlarm(String name, boolean composite, ObjectNode config, Instant now) {
        this.name = name;
        this.composite = composite;
        this.config = config;
        this.configUpdatedAt = now;
        // PutMetricAlarm: "When this operation creates an alarm, the alarm state is immediately set to
        // INSUFFICIENT_DATA"; the reason is the one CloudWatch's own events show for a new alarm.
        this.state = new AlarmState("INSUFFICIENT_DATA", "Unchecked: Initial alarm creation", null, now);
        this.stateTransitionedAt = now;
    }

    String arn() {
        return LocalCloudWatch.alarmArn(name);
    }

    boolean actionsEnabled() {
        return !config.has("ActionsEnabled") || config.get("ActionsEnabled").asBoolean();
    }

    String description() {
        return config.path("AlarmDescription").asText(null);
    }

    /** The MetricAlarm or CompositeAlarm shape DescribeAlarms answers with. */
    Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("AlarmName", name);
        out.put("AlarmArn", arn());
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("AlarmName") && !field.getKey().equals("Tags")) {
                out.put(field.getKey(), field.getValue());
            }
        }
        out.putIfAbsent("ActionsEnabled", true);
        out.putIfAbsent("OKActions", List.of());
        out.putIfAbsent("AlarmActions", List.of());
        out.putIfAbsent("InsufficientDataActions", List.of());
        if (!composite) {
            out.putIfAbsent("TreatMissingData", "missing");
            if (!config.has("DatapointsToAlarm") && config.has("EvaluationPeriods")) {
                out.put("DatapointsToAlarm", config.get("EvaluationPeriods").asInt());
            }
        }
        out.put("AlarmConfigurationUpdatedTimestamp", configUpdatedAt);
        out.put("StateValue", state.value());
        out.put("StateReason", state.reason());
        out.put("StateReasonData", state.reasonData());
        out.put("StateUpdatedTimestamp", state.timestamp());
        out.put("StateTransitionedTimestamp", stateTransitionedAt);
        return out;
    }
}
