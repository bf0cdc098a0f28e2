package dev.flowback.function.trigger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.function.runtime.PayloadJson;

/**
 * A trigger decision as JSON, the one shape the function's answer, its log lines and its events share: snake_case,
 * every field present (null when it does not apply), the alarm's figures as numbers.
 */
final class TriggerEvents {
    /** The event source, as the chain's own "Rollback Succeeded" / "Rollback Failed" events. */
    static final String SOURCE = "dev.flowback";
    static final String STARTED = "Automatic Rollback Started";
    static final String FROZEN = "Automatic Rollback Frozen";

    private TriggerEvents() {
    }

    static String detailType(TriggerDecision d) {
        return d.decision() == Decision.STARTED ? STARTED : FROZEN;
    }

    static ObjectNode json(TriggerDecision d) {
        ObjectNode node = PayloadJson.MAPPER.createObjectNode()
                .put("decision", d.decision().wireName())
                .put("rule", d.rule().code())
                .put("message", d.message())
                .put("decided_at", d.decidedAt().toString())
                .put("delivery", d.delivery().wireName())
                .put("delivery_id", d.deliveryId())
                .put("workflow_id", d.environment() == null ? null : d.environment().workflow().value())
                .put("environment", d.environment() == null ? null : d.environment().environment().value())
                .put("execution_name", d.executionName())
                .put("execution_arn", d.executionArn())
                .put("live_version", d.liveVersion() == null ? null : d.liveVersion().value())
                .put("last_switch_at", d.lastSwitchAt() == null ? null : d.lastSwitchAt().toString())
                .put("froze_automation", d.froze());
        AlarmEvidence e = d.evidence();
        if (e == null) {
            node.putNull("alarm");
        } else {
            ObjectNode alarm = node.putObject("alarm")
                    .put("alarm_name", e.alarmName())
                    .put("state", e.state().name())
                    .put("reason", e.reason())
                    .put("state_changed_at", e.stateChangedAt().toString());
            ArrayNode values = alarm.putArray("values");
            e.values().forEach(values::add);
            alarm.put("threshold", e.threshold());
        }
        return node;
    }
}
