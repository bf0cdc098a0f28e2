package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.textOrEmpty;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Holds as {@code HOLD#{version}} items in the environment's partition: one GetItem for the validate step, one
 * conditional put to place (absent, or lifted and placed by another rollback), one conditional update to lift (still
 * active), a Query on the prefix to list.
 */
public final class DynamoVersionHolds implements VersionHolds {
    static final String HOLD_PREFIX = "HOLD#";

    private final DynamoRequests requests;

    public DynamoVersionHolds(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public boolean place(VersionHold hold) {
        Map<String, AttributeValue> item = new HashMap<>(key(hold.environment(), hold.version()));
        item.put("type", s("HOLD"));
        item.put("workflowId", s(hold.environment().workflow().value()));
        item.put("environment", s(hold.environment().environment().value()));
        item.put("version", s(hold.version().value()));
        item.put("placedBy", s(hold.placedBy()));
        item.put("placedAt", s(hold.placedAt().toString()));
        if (!hold.reason().isEmpty()) {
            item.put("reason", s(hold.reason()));
        }
        boolean placed = requests.conditional("holding " + hold.version() + " in " + hold.environment(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                        .conditionExpression("attribute_not_exists(#pk) OR (attribute_exists(liftedAt)"
                                + " AND placedBy <> :by)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))
                        .expressionAttributeValues(Map.of(":by", s(hold.placedBy()))))).isPresent();
        if (placed) {
            return true;
        }
        // Held already: by this rollback (a repeat: still held unless a person lifted it), or by another one.
        return find(hold.environment(), hold.version())
                .map(existing -> existing.isActive() && existing.placedBy().equals(hold.placedBy())).orElse(false);
    }

    @Override
    public Optional<VersionHold> find(EnvironmentRef environment, VersionId version) {
        Map<String, AttributeValue> item = requests.get("reading the hold on " + version + " in " + environment,
                key(environment, version));
        return item.isEmpty() ? Optional.empty() : Optional.of(fromItem(environment, item));
    }

    @Override
    public boolean lift(EnvironmentRef environment, VersionId version, String by, Instant at) {
        return requests.conditional("lifting the hold on " + version + " in " + environment, () ->
                requests.dynamo().updateItem(b -> b.tableName(requests.table())
                        .key(key(environment, version))
                        .updateExpression("SET liftedBy = :by, liftedAt = :at")
                        .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(liftedAt)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))
                        .expressionAttributeValues(Map.of(":by", s(by), ":at", s(at.toString()))))).isPresent();
    }

    @Override
    public List<VersionHold> list(EnvironmentRef environment) {
        // Versions held per environment are few (one per automatic rollback until lifted); one page holds them all.
        return requests.call("listing the holds of " + environment, () ->
                requests.dynamo().query(b -> b.tableName(requests.table())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#sk", FlowbackTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(EnvironmentItems.partition(environment)),
                                ":prefix", s(HOLD_PREFIX)))
                        .consistentRead(true))).items().stream()
                .map(item -> fromItem(environment, item))
                .sorted(Comparator.comparing(h -> h.version().value()))
                .toList();
    }

    private static Map<String, AttributeValue> key(EnvironmentRef environment, VersionId version) {
        return EnvironmentItems.key(environment, HOLD_PREFIX + version.value());
    }

    private static VersionHold fromItem(EnvironmentRef environment, Map<String, AttributeValue> item) {
        return parsed(item, "placedBy", text(item, "placedBy"), by -> new VersionHold(environment,
                version(item, "version"), by, instant(item, "placedAt"), textOrEmpty(item, "reason"),
                text(item, "liftedBy"), instant(item, "liftedAt")));
    }
}
