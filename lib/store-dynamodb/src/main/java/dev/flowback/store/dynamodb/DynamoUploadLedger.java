package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.hash;
import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.number;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.textOrEmpty;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.UploadLedger;
import dev.flowback.core.registry.UploadRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Upload records in a partition of their own per workflow ({@code WF#{workflow}#UPLOADS}, {@code UPLOAD#{id}}): not
 * the version partition, whose item collection the LSIs cap, and never read by a version query. They expire (TTL) a
 * day after the upload window closes, as the staged objects do.
 */
public final class DynamoUploadLedger implements UploadLedger {
    static final Duration KEPT = Duration.ofDays(1);

    private final DynamoRequests requests;

    public DynamoUploadLedger(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public void open(UploadRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.workflowId(), r.uploadId()));
        item.put("type", s("UPLOAD"));
        item.put("workflowId", s(r.workflowId().value()));
        item.put("uploadId", s(r.uploadId()));
        item.put("stagingKey", s(r.stagingKey()));
        if (r.versionId() != null) {
            item.put("versionId", s(r.versionId().value()));
        }
        if (!r.summary().isEmpty()) {
            item.put("summary", s(r.summary()));
        }
        item.put("author", s(r.author()));
        if (r.expectedSha256() != null) {
            item.put("expectedSha256", s(r.expectedSha256().hex()));
        }
        item.put("expectedSize", n(r.expectedSize()));
        item.put("allowDuplicate", AttributeValue.fromBool(r.allowDuplicate()));
        item.put("allowPlaintextCredentials", AttributeValue.fromBool(r.allowPlaintextCredentials()));
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("expiresAt", s(r.expiresAt().toString()));
        item.put("ttl", n(r.expiresAt().plus(KEPT).getEpochSecond()));
        boolean created = requests.conditional("recording upload " + r.uploadId(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)))).isPresent();
        if (!created) {
            throw new VersionConflictException("upload " + r.uploadId() + " of " + r.workflowId() + " exists");
        }
    }

    @Override
    public Optional<UploadRecord> find(WorkflowId workflow, String uploadId) {
        Map<String, AttributeValue> item = requests.get("reading upload " + uploadId, key(workflow, uploadId));
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UploadRecord(workflow, text(item, "uploadId"), text(item, "stagingKey"),
                version(item, "versionId"), textOrEmpty(item, "summary"), textOrEmpty(item, "author"),
                hash(item, "expectedSha256"), number(item, "expectedSize"), flag(item, "allowDuplicate"),
                flag(item, "allowPlaintextCredentials"), instant(item, "createdAt"), instant(item, "expiresAt"),
                version(item, "publishedVersion")));
    }

    @Override
    public boolean markPublished(WorkflowId workflow, String uploadId, VersionId version) {
        return requests.conditional("noting the version upload " + uploadId + " became", () ->
                requests.dynamo().updateItem(b -> b.tableName(requests.table()).key(key(workflow, uploadId))
                        .updateExpression("SET publishedVersion = :v")
                        .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(publishedVersion)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))
                        .expressionAttributeValues(Map.of(":v", s(version.value()))))).isPresent();
    }

    private static boolean flag(Map<String, AttributeValue> item, String name) {
        return Boolean.TRUE.equals(item.getOrDefault(name, AttributeValue.fromBool(false)).bool());
    }

    private static Map<String, AttributeValue> key(WorkflowId workflow, String uploadId) {
        return Map.of(FlowbackTable.PK, s(FlowbackTable.workflowKey(workflow.value()) + "#UPLOADS"),
                FlowbackTable.SK, s("UPLOAD#" + uploadId));
    }
}
