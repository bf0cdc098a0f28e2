package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.number;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;

import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.InsufficientDataPolicy;
import dev.flowback.core.trigger.port.AlarmMappings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Alarm mappings. The mapping itself is the item {@code ALARM#{alarmName}} / {@code MAPPING}, in a partition of its
 * own so every delivery finds it with one GetItem by the name the alarm event carries; a copy
 * ({@code WF#{wf}#ENV#{env}} / {@code ALARMMAP#{alarmName}}) lets an environment's mappings be listed with a Query.
 * The mapping is written first and removed last, and listing checks each copy against it, so a crash between the
 * two writes can leave a copy that is never listed, never a mapping that acts without being there.
 */
public final class DynamoAlarmMappings implements AlarmMappings {
    static final String ALARM_PREFIX = "ALARM#";
    static final String MAPPING_SK = "MAPPING";
    static final String COPY_PREFIX = "ALARMMAP#";

    private final DynamoRequests requests;

    public DynamoAlarmMappings(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public void create(AlarmMapping mapping) {
        Map<String, AttributeValue> item = new HashMap<>(key(mapping.alarmName()));
        item.putAll(fields(mapping));
        item.put("type", s("ALARM_MAPPING"));
        boolean created = requests.conditional("mapping alarm " + mapping.alarmName(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)))).isPresent();
        if (!created) {
            AlarmMapping existing = find(mapping.alarmName()).orElse(null);
            if (existing != null) {
                // Re-creating a mapping whose copy a crash lost repairs the copy; it is still a conflict.
                putCopy(existing);
            }
            throw new VersionConflictException("alarm " + mapping.alarmName() + " is already mapped to "
                    + (existing == null ? "an environment" : existing.environment()) + "; remove that mapping first");
        }
        putCopy(mapping);
    }

    @Override
    public Optional<AlarmMapping> find(String alarmName) {
        Map<String, AttributeValue> item = requests.get("reading the mapping of alarm " + alarmName, key(alarmName));
        return item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean remove(String alarmName) {
        Optional<AlarmMapping> existing = find(alarmName);
        if (existing.isEmpty()) {
            return false;
        }
        requests.call("removing the listed copy of alarm " + alarmName, () ->
                requests.dynamo().deleteItem(b -> b.tableName(requests.table())
                        .key(copyKey(existing.get().environment(), alarmName))));
        return requests.conditional("removing the mapping of alarm " + alarmName, () ->
                requests.dynamo().deleteItem(b -> b.tableName(requests.table()).key(key(alarmName))
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)))).isPresent();
    }

    @Override
    public List<AlarmMapping> list(EnvironmentRef environment) {
        // An environment has a handful of alarms: one page, and one GetItem per copy to confirm it.
        return requests.call("listing the alarm mappings of " + environment, () ->
                requests.dynamo().query(b -> b.tableName(requests.table())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#sk", FlowbackTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(EnvironmentItems.partition(environment)),
                                ":prefix", s(COPY_PREFIX)))
                        .consistentRead(true))).items().stream()
                .map(copy -> find(text(copy, "alarmName")).filter(m -> m.environment().equals(environment)))
                .flatMap(Optional::stream)
                .toList();
    }

    private void putCopy(AlarmMapping mapping) {
        Map<String, AttributeValue> copy = new HashMap<>(copyKey(mapping.environment(), mapping.alarmName()));
        copy.putAll(fields(mapping));
        copy.put("type", s("ALARM_MAPPING_COPY"));
        requests.call("listing alarm " + mapping.alarmName() + " with " + mapping.environment(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(copy)));
    }

    private static Map<String, AttributeValue> key(String alarmName) {
        return Map.of(FlowbackTable.PK, s(ALARM_PREFIX + alarmName), FlowbackTable.SK, s(MAPPING_SK));
    }

    private static Map<String, AttributeValue> copyKey(EnvironmentRef environment, String alarmName) {
        return EnvironmentItems.key(environment, COPY_PREFIX + alarmName);
    }

    private static Map<String, AttributeValue> fields(AlarmMapping m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("alarmName", s(m.alarmName()));
        item.put("workflowId", s(m.environment().workflow().value()));
        item.put("environment", s(m.environment().environment().value()));
        item.put("onInsufficientData", s(m.onInsufficientData().name()));
        item.put("maxAgeSeconds", n(m.maxAge().toSeconds()));
        item.put("blamePreexistingAlarm", AttributeValue.fromBool(m.blamePreexistingAlarm()));
        item.put("createdAt", s(m.createdAt().toString()));
        item.put("createdBy", s(m.createdBy()));
        return item;
    }

    private static AlarmMapping fromItem(Map<String, AttributeValue> item) {
        EnvironmentRef ref = parsed(item, "environment", text(item, "environment"),
                env -> EnvironmentRef.of(text(item, "workflowId"), env));
        return new AlarmMapping(text(item, "alarmName"), ref,
                parsed(item, "onInsufficientData", text(item, "onInsufficientData"), InsufficientDataPolicy::valueOf),
                Duration.ofSeconds(number(item, "maxAgeSeconds")),
                Boolean.TRUE.equals(item.getOrDefault("blamePreexistingAlarm", AttributeValue.fromBool(false)).bool()),
                instant(item, "createdAt"), text(item, "createdBy"));
    }
}
