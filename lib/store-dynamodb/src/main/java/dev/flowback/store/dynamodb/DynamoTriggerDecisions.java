package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.textOrEmpty;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.core.trigger.port.TriggerDecisions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Trigger decisions as {@code TRIGGER#{decided at}#{delivery id}} items: in the environment's partition when the
 * alarm maps to one (so an environment's decisions are one Query, newest first), else in the partition
 * {@code TRIGGER#UNROUTED} (unreadable deliveries, unmapped alarms: misconfiguration, rare by nature). The time in
 * the key has a fixed width, so keys sort as times do. Written with {@code attribute_not_exists}: a replay adds
 * nothing. Each carries {@code ttl} ({@link #RETENTION} after the decision), so DynamoDB's TTL removes old ones and
 * neither partition grows for ever under a flood of deliveries.
 */
public final class DynamoTriggerDecisions implements TriggerDecisions {
    static final String DECISION_PREFIX = "TRIGGER#";
    static final String UNROUTED_PARTITION = "TRIGGER#UNROUTED";
    /** How long a decision is kept: long past any cooldown, cap hour or investigation of a freeze. */
    public static final Duration RETENTION = Duration.ofDays(90);
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DynamoRequests requests;

    public DynamoTriggerDecisions(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public void record(TriggerDecision d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(FlowbackTable.PK, s(partition(d.environment())));
        item.put(FlowbackTable.SK, s(DECISION_PREFIX + SORTABLE.format(d.decidedAt()) + "#" + d.deliveryId()));
        item.put("type", s("TRIGGER_DECISION"));
        put(item, "decidedAt", d.decidedAt());
        put(item, "delivery", d.delivery().name());
        put(item, "deliveryId", d.deliveryId());
        put(item, "decision", d.decision().name());
        put(item, "rule", d.rule().name());
        put(item, "ruleCode", d.rule().code());
        put(item, "message", d.message());
        if (d.evidence() != null) {
            item.put("evidence", EvidenceItems.toAttribute(d.evidence()));
        }
        if (d.environment() != null) {
            put(item, "workflowId", d.environment().workflow());
            put(item, "environment", d.environment().environment());
        }
        put(item, "executionName", d.executionName());
        put(item, "executionArn", d.executionArn());
        put(item, "liveVersion", d.liveVersion());
        put(item, "lastSwitchAt", d.lastSwitchAt());
        item.put("froze", AttributeValue.fromBool(d.froze()));
        item.put("ttl", n(d.decidedAt().plus(RETENTION).getEpochSecond()));
        requests.conditional("recording the trigger decision on " + d.deliveryId(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))));
    }

    @Override
    public List<TriggerDecision> recent(EnvironmentRef environment, int limit) {
        return newest(partition(environment), limit);
    }

    @Override
    public List<TriggerDecision> unrouted(int limit) {
        return newest(UNROUTED_PARTITION, limit);
    }

    private List<TriggerDecision> newest(String partition, int limit) {
        return requests.call("reading trigger decisions of " + partition, () ->
                requests.dynamo().query(b -> b.tableName(requests.table())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#sk", FlowbackTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(partition), ":prefix", s(DECISION_PREFIX)))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(limit))).items().stream()
                .map(DynamoTriggerDecisions::fromItem)
                .toList();
    }

    private static String partition(EnvironmentRef environment) {
        return environment == null ? UNROUTED_PARTITION : EnvironmentItems.partition(environment);
    }

    private static TriggerDecision fromItem(Map<String, AttributeValue> item) {
        EnvironmentRef environment = item.containsKey("environment") ? parsed(item, "environment",
                text(item, "environment"), env -> EnvironmentRef.of(text(item, "workflowId"), env)) : null;
        return new TriggerDecision(instant(item, "decidedAt"),
                parsed(item, "delivery", text(item, "delivery"), AlarmDelivery::valueOf), text(item, "deliveryId"),
                parsed(item, "decision", text(item, "decision"), Decision::valueOf),
                parsed(item, "rule", text(item, "rule"), TriggerRule::valueOf), textOrEmpty(item, "message"),
                EvidenceItems.fromAttribute(item, "evidence"), environment, text(item, "executionName"),
                text(item, "executionArn"), version(item, "liveVersion"), instant(item, "lastSwitchAt"),
                Boolean.TRUE.equals(item.getOrDefault("froze", AttributeValue.fromBool(false)).bool()));
    }

    private static void put(Map<String, AttributeValue> item, String name, Object value) {
        String text = value == null ? null : value instanceof Instant t ? t.toString() : value.toString();
        if (text != null && !text.isEmpty()) {
            item.put(name, s(text));
        }
    }
}
