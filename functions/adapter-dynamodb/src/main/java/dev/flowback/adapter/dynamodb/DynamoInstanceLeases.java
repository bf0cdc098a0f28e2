package dev.flowback.adapter.dynamodb;

import static dev.flowback.adapter.dynamodb.VersionItems.n;
import static dev.flowback.adapter.dynamodb.VersionItems.s;

import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.rollback.InstanceLeases;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Instance leases as {@code INST#{instanceId}} items in the environment's partition. Counting is a Query on that
 * partition with {@code Select COUNT} and a filter on the expiry, never a Scan. Each lease also carries {@code ttl}
 * (epoch seconds) so that DynamoDB's TTL, enabled in template.yaml, deletes leases a crashed engine left behind;
 * the count does not depend on it, since TTL deletion can lag by days.
 */
public final class DynamoInstanceLeases implements InstanceLeases {
    private final DynamoRequests requests;

    public DynamoInstanceLeases(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public void put(WorkflowId workflow, EnvironmentName environment, String instanceId, Instant admittedAt,
                    Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(EnvironmentItems.key(workflow, environment,
                EnvironmentItems.INSTANCE_PREFIX + instanceId));
        item.put("type", s("INSTANCE"));
        item.put("instanceId", s(instanceId));
        item.put("admittedAt", s(admittedAt.toString()));
        item.put("expiresAt", n(expiresAt.toEpochMilli()));
        item.put("ttl", n(expiresAt.getEpochSecond() + 1));
        requests.call("writing the lease of instance " + instanceId, () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)));
    }

    @Override
    public void remove(WorkflowId workflow, EnvironmentName environment, String instanceId) {
        requests.call("deleting the lease of instance " + instanceId, () ->
                requests.dynamo().deleteItem(b -> b.tableName(requests.table())
                        .key(EnvironmentItems.key(workflow, environment, EnvironmentItems.INSTANCE_PREFIX + instanceId))));
    }

    @Override
    public int countActive(WorkflowId workflow, EnvironmentName environment, Instant now) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest request = QueryRequest.builder()
                    .tableName(requests.table())
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .filterExpression("expiresAt > :now")
                    .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#sk", FlowbackTable.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", s(EnvironmentItems.partition(workflow, environment)),
                            ":prefix", s(EnvironmentItems.INSTANCE_PREFIX),
                            ":now", n(now.toEpochMilli())))
                    .select(Select.COUNT)
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build();
            QueryResponse page = requests.call("counting the instances of " + workflow + "/" + environment,
                    () -> requests.dynamo().query(request));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
