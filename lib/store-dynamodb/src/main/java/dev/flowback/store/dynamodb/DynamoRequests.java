package dev.flowback.store.dynamodb;

import dev.flowback.aws.AwsErrors;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The two shapes every request of the environment, lease and journal adapters takes: a plain call whose SDK
 * failures are classified, and a conditional write whose failed condition is an answer ("not mine", "already
 * there") rather than an error.
 */
final class DynamoRequests {
    private final DynamoDbClient dynamo;
    private final String table;

    DynamoRequests(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    String table() {
        return table;
    }

    <T> T call(String what, Supplier<T> request) {
        return AwsErrors.call(what, request);
    }

    /** Runs a conditional write; empty when its condition failed, else what the write answered. */
    <T> Optional<T> conditional(String what, Supplier<T> write) {
        try {
            return Optional.of(write.get());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate(what, e);
        }
    }

    /** A strongly consistent read of one item; empty map when absent. */
    Map<String, AttributeValue> get(String what, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = call(what, () ->
                dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item());
        return item == null ? Map.of() : item;
    }
}
