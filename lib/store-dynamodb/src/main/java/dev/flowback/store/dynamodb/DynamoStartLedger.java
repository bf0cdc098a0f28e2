package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.textOrEmpty;

import dev.flowback.core.chain.port.StartLedger;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * API start entries ({@code START#{rollbackId}}) in the environment's partition. The claim is a put conditional on
 * the item's absence: of two requests with one idempotency key, exactly one writes it. Entries expire (DynamoDB
 * TTL) after {@link #KEPT}, as long as Step Functions keeps an execution's history.
 */
public final class DynamoStartLedger implements StartLedger {
    public static final Duration KEPT = Duration.ofDays(90);

    private final DynamoRequests requests;

    public DynamoStartLedger(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public Optional<StartEntry> claim(StartEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(entry.environment(), entry.rollbackId()));
        item.put("type", s("START"));
        item.put("workflowId", s(entry.environment().workflow().value()));
        item.put("environment", s(entry.environment().environment().value()));
        item.put("rollbackId", s(entry.rollbackId()));
        item.put("fingerprint", s(entry.fingerprint()));
        item.put("target", s(entry.target().toString()));
        if (!entry.reason().isEmpty()) {
            item.put("reason", s(entry.reason()));
        }
        item.put("force", AttributeValue.fromBool(entry.force()));
        item.put("requestedBy", s(entry.requestedBy()));
        item.put("requestedAt", s(entry.requestedAt().toString()));
        item.put("ttl", n(entry.requestedAt().plus(KEPT).getEpochSecond()));
        boolean claimed = requests.conditional("claiming rollback " + entry.rollbackId() + " of "
                + entry.environment(), () -> requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)))).isPresent();
        return claimed ? Optional.empty() : find(entry.environment(), entry.rollbackId());
    }

    @Override
    public void recordStarted(EnvironmentRef environment, String rollbackId, String executionArn, Instant startedAt) {
        // The first answer stays: a second start under the same name found the same execution anyway.
        requests.conditional("noting the execution of rollback " + rollbackId, () ->
                requests.dynamo().updateItem(b -> b.tableName(requests.table()).key(key(environment, rollbackId))
                        .updateExpression("SET executionArn = :arn, startedAt = :at")
                        .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(executionArn)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))
                        .expressionAttributeValues(Map.of(":arn", s(executionArn), ":at",
                                s(startedAt.toString())))));
    }

    @Override
    public Optional<StartEntry> find(EnvironmentRef environment, String rollbackId) {
        Map<String, AttributeValue> item = requests.get("reading rollback " + rollbackId + " of " + environment,
                key(environment, rollbackId));
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StartEntry(environment, text(item, "rollbackId"), text(item, "fingerprint"),
                parsed(item, "target", text(item, "target"), t -> VersionRef.parse("target", t)),
                textOrEmpty(item, "reason"),
                Boolean.TRUE.equals(item.getOrDefault("force", AttributeValue.fromBool(false)).bool()),
                text(item, "requestedBy"), instant(item, "requestedAt"), text(item, "executionArn"),
                instant(item, "startedAt")));
    }

    private static Map<String, AttributeValue> key(EnvironmentRef environment, String rollbackId) {
        return EnvironmentItems.key(environment, EnvironmentItems.START_PREFIX + rollbackId);
    }
}
