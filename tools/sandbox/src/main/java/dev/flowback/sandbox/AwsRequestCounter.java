package dev.flowback.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * LOCAL ONLY: counts every AWS request the clients built with it make (add it with
 * {@code AwsSettings.withInterceptor}), each with the step it was made for, the item it touched and how it ended, so a
 * benchmark or a test can say how many DynamoDB and S3 requests a rollback makes and which one moved the pointer.
 *
 * <p>DynamoDB requests are asked for their consumed capacity ({@code ReturnConsumedCapacity TOTAL}, which dynalite
 * computes from item sizes as DynamoDB does) so the cost of a rollback is counted in request units, not guessed. The
 * step is a thread-local set around a handler's invocation ({@link #during}): the SDK's synchronous clients run every
 * request on the calling thread.
 */
public final class AwsRequestCounter implements ExecutionInterceptor {
    private static final ThreadLocal<String> STEP = new ThreadLocal<>();

    /**
     * One request.
     *
     * @param step      the chain function it was made for ({@code -} outside one)
     * @param service   the SDK's service name (DynamoDb, S3)
     * @param operation GetItem, UpdateItem, GetObject...
     * @param item      the DynamoDB item (sort key, execution ids elided) or query prefix, or the S3 object key
     * @param outcome   {@code ok}, or the exception's name (ConditionalCheckFailedException)
     * @param units     the DynamoDB capacity units it consumed (0 when not reported, e.g. a failed condition)
     * @param read      whether the units are read units
     * @param pointer   an UpdateItem that sets {@code activeVersion}: a write that moves the environment pointer
     */
    public record Request(String step, String service, String operation, String item, String outcome, double units,
                          boolean read, boolean pointer) {
        public boolean ok() {
            return "ok".equals(outcome);
        }

        public boolean dynamo() {
            return "DynamoDb".equals(service);
        }

        public boolean write() {
            return operation.equals("PutItem") || operation.equals("UpdateItem") || operation.equals("DeleteItem");
        }
    }

    private final List<Request> requests = new ArrayList<>();

    /** Runs {@code call} with its requests attributed to {@code step}. */
    public static <T> T during(String step, Callable<T> call) throws Exception {
        String outer = STEP.get();
        STEP.set(step);
        try {
            return call.call();
        } finally {
            STEP.set(outer);
        }
    }

    /** What was counted since the last {@link #reset}, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized void reset() {
        requests.clear();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof PutItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(context.request(), attributes, "ok", capacity(context.response()));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(context.request(), attributes, context.exception().getClass().getSimpleName(), null);
    }

    private synchronized void record(SdkRequest request, ExecutionAttributes attributes, String outcome,
                                     ConsumedCapacity capacity) {
        String step = STEP.get();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        boolean pointer = request instanceof UpdateItemRequest u && u.updateExpression() != null
                && u.updateExpression().contains("activeVersion = ");
        boolean read = request instanceof GetItemRequest || request instanceof QueryRequest;
        requests.add(new Request(step == null ? "-" : step, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                operation, item(request), outcome, capacity == null || capacity.capacityUnits() == null ? 0
                : capacity.capacityUnits(), read, pointer));
    }

    private static ConsumedCapacity capacity(SdkResponse response) {
        if (response instanceof GetItemResponse r) {
            return r.consumedCapacity();
        } else if (response instanceof PutItemResponse r) {
            return r.consumedCapacity();
        } else if (response instanceof UpdateItemResponse r) {
            return r.consumedCapacity();
        } else if (response instanceof DeleteItemResponse r) {
            return r.consumedCapacity();
        } else if (response instanceof QueryResponse r) {
            return r.consumedCapacity();
        }
        return null;
    }

    private static String item(SdkRequest request) {
        if (request instanceof GetItemRequest r) {
            return key(r.key());
        } else if (request instanceof PutItemRequest r) {
            return key(r.item());
        } else if (request instanceof UpdateItemRequest r) {
            return key(r.key());
        } else if (request instanceof DeleteItemRequest r) {
            return key(r.key());
        } else if (request instanceof QueryRequest r) {
            AttributeValue prefix = r.expressionAttributeValues().get(":prefix");
            return (r.indexName() == null ? "" : r.indexName() + " ") + (prefix == null ? "query" : prefix.s() + "*");
        }
        // S3: the object's key, its last segment cut to 12 characters (a snapshot is named by its SHA-256).
        String key = request.getValueForField("Key", String.class).orElse("");
        String last = key.substring(key.lastIndexOf('/') + 1);
        return key.substring(0, key.lastIndexOf('/') + 1) + (last.length() > 12 ? last.substring(0, 12) : last);
    }

    /** The sort key with what changes from execution to execution left out: RB#..., AUDIT#...#03-pause, ENV. */
    private static String key(Map<String, AttributeValue> item) {
        AttributeValue sk = item.get("sk");
        if (sk == null || sk.s() == null) {
            return "";
        }
        String value = sk.s();
        int hash = value.indexOf('#');
        if (hash < 0) {
            return value;
        }
        String prefix = value.substring(0, hash + 1);
        return switch (prefix) {
            case "AUDIT#" -> prefix + "...#" + value.substring(value.lastIndexOf('#') + 1);
            case "RB#", "INST#" -> prefix + "...";
            default -> value;
        };
    }
}
