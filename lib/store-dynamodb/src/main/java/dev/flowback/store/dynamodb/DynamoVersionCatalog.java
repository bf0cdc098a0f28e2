package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.s;

import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.VersionCatalog;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Version metadata in DynamoDB (layout in {@link FlowbackTable}). Every write is one conditional single-item
 * request; every read is a GetItem or a Query with a Limit on a local secondary index, so its cost does not grow
 * with the number of versions. Reads are strongly consistent: a version just published is visible at once.
 */
public final class DynamoVersionCatalog implements VersionCatalog {
    private static final String COUNTER = "COUNTER";
    private static final String CLAIM_PREFIX = "FPCLAIM#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoVersionCatalog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The DynamoDB client Flowback uses, built once per container by the caller. */
    public static DynamoDbClient client(AwsSettings settings) {
        return settings.configure(DynamoDbClient.builder(), "dynamodb").build();
    }

    @Override
    public long nextSequence(WorkflowId workflow) {
        Map<String, AttributeValue> attributes = AwsErrors.call("taking the next sequence number of " + workflow, () ->
                dynamo.updateItem(b -> b.tableName(table)
                        .key(Map.of(FlowbackTable.PK, s(FlowbackTable.workflowKey(workflow.value())),
                                FlowbackTable.SK, s(COUNTER)))
                        .updateExpression("ADD nextSequence :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                        .returnValues(ReturnValue.UPDATED_NEW)).attributes());
        return Long.parseLong(attributes.get("nextSequence").n());
    }

    @Override
    public void insert(VersionRecord record) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(VersionItems.toItem(record))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)));
        } catch (ConditionalCheckFailedException e) {
            throw new VersionConflictException("workflow " + record.workflowId() + " already has a version "
                    + record.versionId() + "; versions are immutable, publish under a new version id", e);
        } catch (SdkException e) {
            throw AwsErrors.translate("writing version " + record.workflowId() + " " + record.versionId(), e);
        }
    }

    @Override
    public Optional<VersionRecord> find(WorkflowId workflow, VersionId version) {
        Map<String, AttributeValue> item = AwsErrors.call("reading version " + workflow + " " + version, () ->
                dynamo.getItem(b -> b.tableName(table).key(VersionItems.key(workflow, version)).consistentRead(true))
                        .item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(VersionItems.fromItem(item));
    }

    /**
     * {@code FPCLAIM#{workflow}} / {@code {fingerprint}}: not a version (no index keys, so no index sees it), only the
     * conditional write that lets one of two concurrent publishes of the same content through. It has a partition of
     * its own so that the API, which releases claims, may delete in it without any right to delete in a version's
     * partition (the template's LeadingKeys condition).
     */
    @Override
    public Optional<VersionId> claimFingerprint(WorkflowId workflow, ContentHash fingerprint, VersionId claimant,
                                                Instant now, Instant staleBefore) {
        Map<String, AttributeValue> key = claimKey(workflow, fingerprint);
        boolean claimed = conditional("claiming fingerprint " + fingerprint + " for " + workflow + " " + claimant,
                () -> dynamo.putItem(b -> b.tableName(table)
                        .item(claimItem(key, claimant, now))
                        .conditionExpression("attribute_not_exists(#pk) OR holder = :me")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))
                        .expressionAttributeValues(Map.of(":me", s(claimant.value())))));
        if (claimed) {
            return Optional.empty();
        }
        Map<String, AttributeValue> held = AwsErrors.call("reading the claim of fingerprint " + fingerprint, () ->
                dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item());
        if (held == null || held.isEmpty()) {
            // Released between our write and our read: try once more.
            return claimFingerprint(workflow, fingerprint, claimant, now, staleBefore);
        }
        VersionId holder = Attributes.version(held, "holder");
        Instant at = Attributes.epochMillis(held, "claimedAt");
        if (find(workflow, holder).isEmpty() && at != null && at.isBefore(staleBefore)) {
            // Its publish failed after claiming and never wrote the version: take the claim over, conditionally.
            boolean taken = conditional("taking over the stale claim of fingerprint " + fingerprint, () ->
                    dynamo.putItem(b -> b.tableName(table).item(claimItem(key, claimant, now))
                            .conditionExpression("holder = :old AND claimedAt = :at")
                            .expressionAttributeValues(Map.of(":old", s(holder.value()),
                                    ":at", n(at.toEpochMilli())))));
            if (taken) {
                return Optional.empty();
            }
        }
        return Optional.of(holder);
    }

    @Override
    public void releaseFingerprint(WorkflowId workflow, ContentHash fingerprint, VersionId claimant) {
        conditional("releasing the claim of fingerprint " + fingerprint, () ->
                dynamo.deleteItem(b -> b.tableName(table).key(claimKey(workflow, fingerprint))
                        .conditionExpression("holder = :me")
                        .expressionAttributeValues(Map.of(":me", s(claimant.value())))));
    }

    private static Map<String, AttributeValue> claimKey(WorkflowId workflow, ContentHash fingerprint) {
        return Map.of(FlowbackTable.PK, s(CLAIM_PREFIX + workflow.value()), FlowbackTable.SK, s(fingerprint.hex()));
    }

    private static Map<String, AttributeValue> claimItem(Map<String, AttributeValue> key, VersionId claimant,
                                                         Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("type", s("FINGERPRINT_CLAIM"));
        item.put("holder", s(claimant.value()));
        item.put("claimedAt", n(now.toEpochMilli()));
        return item;
    }

    /** A conditional write: true when it applied, false when its condition failed. */
    private static boolean conditional(String what, Runnable write) {
        return AwsErrors.call(what, () -> {
            try {
                write.run();
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    @Override
    public Optional<VersionRecord> findByFingerprint(WorkflowId workflow, ContentHash fingerprint) {
        return first(query(workflow, FlowbackTable.BY_FINGERPRINT,
                "begins_with(#k, :v)", FlowbackTable.FP_KEY, VersionItems.FP_PREFIX + fingerprint.hex() + "#", 1,
                        null));
    }

    @Override
    public HistoryPage history(WorkflowId workflow, int limit, String cursor) {
        Map<String, AttributeValue> start = cursor == null ? null : HistoryCursor.decode(cursor, workflow);
        // One more than asked for tells whether a next page exists, so the last page never hands out a cursor
        // that leads to an empty page.
        List<Map<String, AttributeValue>> items = query(workflow, FlowbackTable.BY_SEQUENCE,
                "begins_with(#k, :v)", FlowbackTable.SEQ_KEY, VersionItems.SEQ_PREFIX, limit + 1, start).items();
        List<VersionRecord> page = items.stream().limit(limit).map(VersionItems::fromItem).toList();
        String next = items.size() > limit ? HistoryCursor.encode(items.get(limit - 1)) : null;
        return new HistoryPage(page, next);
    }

    @Override
    public Optional<VersionRecord> newestBefore(WorkflowId workflow, long sequence) {
        return first(queryBelow(workflow, FlowbackTable.BY_SEQUENCE, FlowbackTable.SEQ_KEY, VersionItems.SEQ_PREFIX,
                sequence));
    }

    @Override
    public Optional<VersionRecord> newestGoodBefore(WorkflowId workflow, long sequence) {
        return first(queryBelow(workflow, FlowbackTable.GOOD_BY_SEQUENCE, FlowbackTable.GOOD_KEY,
                VersionItems.GOOD_PREFIX, sequence));
    }

    @Override
    public VersionRecord setStatus(WorkflowId workflow, VersionId version, VersionStatus status) {
        VersionRecord current = find(workflow, version).orElseThrow(() -> new NotFoundException(
                "workflow " + workflow + " has no version " + version));
        String update = status == VersionStatus.GOOD ? "SET #status = :status, #good = :good"
                : "SET #status = :status REMOVE #good";
        Map<String, AttributeValue> values = status == VersionStatus.GOOD
                ? Map.of(":status", s(status.name()), ":good", s(VersionItems.goodKey(current.sequence())))
                : Map.of(":status", s(status.name()));
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(table)
                    .key(VersionItems.key(workflow, version))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#status", "status", "#good", FlowbackTable.GOOD_KEY,
                            "#pk", FlowbackTable.PK))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return VersionItems.fromItem(updated);
        } catch (ConditionalCheckFailedException e) {
            throw new NotFoundException("workflow " + workflow + " has no version " + version);
        } catch (SdkException e) {
            throw AwsErrors.translate("marking " + workflow + " " + version + " " + status, e);
        }
    }

    /** The newest item of {@code index} whose sort key is {@code prefix} + a sequence number below {@code sequence}. */
    private QueryResponse queryBelow(WorkflowId workflow, String index, String sortKey, String prefix, long sequence) {
        return query(workflow, index, "#k BETWEEN :lo AND :v", sortKey,
                Map.of(":lo", s(prefix), ":v", s(prefix + FlowbackTable.sequence(sequence - 1))), 1, null);
    }

    private QueryResponse query(WorkflowId workflow, String index, String sortCondition, String sortKey,
                                String prefix, int limit, Map<String, AttributeValue> start) {
        return query(workflow, index, sortCondition, sortKey, Map.of(":v", s(prefix)), limit, start);
    }

    private QueryResponse query(WorkflowId workflow, String index, String sortCondition, String sortKey,
                                Map<String, AttributeValue> sortValues, int limit, Map<String, AttributeValue> start) {
        Map<String, AttributeValue> values = new java.util.HashMap<>(sortValues);
        values.put(":pk", s(FlowbackTable.workflowKey(workflow.value())));
        QueryRequest request = QueryRequest.builder()
                .tableName(table)
                .indexName(index)
                .keyConditionExpression("#pk = :pk AND " + sortCondition)
                .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#k", sortKey))
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(limit)
                .exclusiveStartKey(start)
                .build();
        return AwsErrors.call("querying " + index + " of " + workflow, () -> dynamo.query(request));
    }

    private static Optional<VersionRecord> first(QueryResponse response) {
        return response.items().stream().findFirst().map(VersionItems::fromItem);
    }
}
