package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.s;

import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Instance leases as {@code INST#{instanceId}} items in the environment's partition. Counting is a Query on that
 * partition's {@code INST#} items (never a Scan) that also clears away expired leases. Each lease also carries {@code
 * ttl}
 * (epoch seconds) so that DynamoDB's TTL, enabled in template.yaml, deletes leases a crashed engine left behind;
 * the count does not depend on it, since TTL deletion can lag by days.
 */
public final class DynamoInstanceLeases implements InstanceLeases {
    /** Bounds the extra writes one count may make; the next count takes the next batch. */
    static final int CLEANUP_PER_COUNT = 25;

    private final DynamoRequests requests;

    public DynamoInstanceLeases(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public void put(EnvironmentRef environment, String instanceId, Instant admittedAt,
                    Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(EnvironmentItems.key(environment,
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
    public void remove(EnvironmentRef environment, String instanceId) {
        requests.call("deleting the lease of instance " + instanceId, () ->
                requests.dynamo().deleteItem(b -> b.tableName(requests.table())
                        .key(EnvironmentItems.key(environment, EnvironmentItems.INSTANCE_PREFIX + instanceId))));
    }

    @Override
    public int countActive(EnvironmentRef environment, Instant now) {
        return count(environment, now, false);
    }

    /**
     * Counts unexpired leases and, on the way, deletes up to {@link #CLEANUP_PER_COUNT} expired ones. A filtered
     * Query pays for every item it reads anyway, so reading the expiry and counting here costs the same; deleting
     * what a crashed engine left keeps later counts (and the partition) small instead of waiting days for TTL.
     */
    @Override
    public int countActiveClearingExpired(EnvironmentRef environment, Instant now) {
        return count(environment, now, true);
    }

    private int count(EnvironmentRef environment, Instant now, boolean clearExpired) {
        int count = 0;
        List<String> expired = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest request = QueryRequest.builder()
                    .tableName(requests.table())
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .projectionExpression("#sk, expiresAt")
                    .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#sk", FlowbackTable.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", s(EnvironmentItems.partition(environment)),
                            ":prefix", s(EnvironmentItems.INSTANCE_PREFIX)))
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build();
            QueryResponse page = requests.call("counting the instances of " + environment,
                    () -> requests.dynamo().query(request));
            for (Map<String, AttributeValue> lease : page.items()) {
                if (Long.parseLong(lease.get("expiresAt").n()) > now.toEpochMilli()) {
                    count++;
                } else if (clearExpired && expired.size() < CLEANUP_PER_COUNT) {
                    expired.add(lease.get(FlowbackTable.SK).s());
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        expired.forEach(sk -> deleteIfStillExpired(environment, sk, now));
        return count;
    }

    /**
     * Conditional on the lease still being expired: an engine that renewed it a moment ago keeps it. Best effort:
     * TTL removes whatever this misses, so a failure here must not fail the count the drain depends on.
     */
    private void deleteIfStillExpired(EnvironmentRef environment, String sk, Instant now) {
        try {
            requests.dynamo().deleteItem(b -> b.tableName(requests.table())
                    .key(Map.of(FlowbackTable.PK, s(EnvironmentItems.partition(environment)),
                            FlowbackTable.SK, s(sk)))
                    .conditionExpression("expiresAt <= :now")
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()))));
        } catch (ConditionalCheckFailedException renewed) {
            // Renewed between the read and the delete: it is running again, leave it.
        } catch (SdkException ignored) {
            // Best effort (see above).
        }
    }
}
