package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;

import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.error.StorageFailureException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An alarm's evidence as one map attribute, on a rollback record and on a trigger decision alike: the figures as
 * DynamoDB numbers (a person reading the item sees numbers), the reason and times as text.
 */
final class EvidenceItems {
    private EvidenceItems() {
    }

    static AttributeValue toAttribute(AlarmEvidence e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("alarmName", s(e.alarmName()));
        m.put("state", s(e.state().name()));
        if (!e.reason().isEmpty()) {
            m.put("reason", s(e.reason()));
        }
        m.put("stateChangedAt", s(e.stateChangedAt().toString()));
        m.put("values", AttributeValue.fromL(e.values().stream().map(v -> AttributeValue.fromN(Double.toString(v)))
                .toList()));
        if (e.threshold() != null) {
            m.put("threshold", AttributeValue.fromN(Double.toString(e.threshold())));
        }
        return AttributeValue.fromM(m);
    }

    /** The evidence stored under {@code name} in {@code item}, or null when there is none. */
    static AlarmEvidence fromAttribute(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = value.m();
        try {
            List<Double> values = m.getOrDefault("values", AttributeValue.fromL(List.of())).l().stream()
                    .map(v -> Double.parseDouble(v.n())).toList();
            AttributeValue threshold = m.get("threshold");
            return new AlarmEvidence(text(m, "alarmName"), parsed(item, name + ".state", text(m, "state"),
                    t -> AlarmState.fromWire(t).orElseThrow(() -> new IllegalArgumentException("unknown state " + t))),
                    text(m, "reason"), instant(m, "stateChangedAt"), values,
                    threshold == null ? null : Double.valueOf(threshold.n()));
        } catch (RuntimeException e) {
            if (e instanceof StorageFailureException) {
                throw e;
            }
            throw new StorageFailureException("stored item " + text(item, FlowbackTable.PK) + " / "
                    + text(item, FlowbackTable.SK) + " is damaged: attribute " + name + " does not parse ("
                    + e.getMessage() + ")", e);
        }
    }
}
