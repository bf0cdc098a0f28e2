package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.hash;
import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.number;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Rollback records ({@code RB#{executionId}}) and audit entries
 * ({@code AUDIT#{execution start}#{executionId}#{place}-{step}}) in the environment's partition. Every write is
 * conditional on the item's absence or on the record still being IN_PROGRESS, so replayed steps add nothing and
 * never reopen a finished record.
 */
public final class DynamoRollbackJournal implements RollbackJournal {
    private final DynamoRequests requests;

    public DynamoRollbackJournal(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public boolean open(RollbackRecord record) {
        return requests.conditional("opening the rollback record of " + record.executionId(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(toItem(record))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)))).isPresent();
    }

    @Override
    public Optional<RollbackRecord> advance(EnvironmentRef environment, String executionId, Set<RollbackPhase> from,
                                            RollbackPhase to) {
        return move(environment, executionId, from, to, "SET #phase = :to", Map.of());
    }

    @Override
    public Optional<RollbackRecord> recordSwitch(EnvironmentRef environment, String executionId,
                                                 Set<RollbackPhase> from, RollbackPhase to, long revision,
                                                 Instant switchedAt) {
        // The first switch time stays: a replay finds it set.
        return move(environment, executionId, from, to,
                "SET #phase = :to, switchedAt = if_not_exists(switchedAt, :at), revision = :revision",
                Map.of(":at", s(switchedAt.toString()), ":revision", n(revision)));
    }

    @Override
    public Optional<RollbackRecord> recordVerdict(EnvironmentRef environment, String executionId,
                                                  Set<RollbackPhase> from, RollbackPhase to, Instant verifiedAt) {
        // The same one write as a plain advance, with the verdict's time; a replay keeps the first.
        return move(environment, executionId, from, to,
                "SET #phase = :to, verifiedAt = if_not_exists(verifiedAt, :at)",
                Map.of(":at", s(verifiedAt.toString())));
    }

    /** One conditional UpdateItem: only while the record's phase is one of {@code from}; the record after it. */
    private Optional<RollbackRecord> move(EnvironmentRef environment, String executionId, Set<RollbackPhase> from,
                                          RollbackPhase to, String update, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> values = new HashMap<>(more);
        values.put(":to", s(to.name()));
        values.putAll(phaseValues(from));
        return requests.conditional("moving the rollback record of " + executionId + " to " + to, () ->
                        requests.dynamo().updateItem(b -> b.tableName(requests.table())
                                .key(key(environment, executionId))
                                .updateExpression(update)
                                .conditionExpression("#phase IN (" + String.join(", ", phaseNames(from)) + ")")
                                .expressionAttributeNames(Map.of("#phase", "phase"))
                                .expressionAttributeValues(values)
                                .returnValues(ReturnValue.ALL_NEW)).attributes())
                .map(DynamoRollbackJournal::fromItem);
    }

    @Override
    public boolean finish(RollbackRecord record, Set<RollbackPhase> from) {
        return requests.conditional("closing the rollback record of " + record.executionId(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(toItem(record))
                        .conditionExpression("attribute_not_exists(#pk) OR #phase IN ("
                                + String.join(", ", phaseNames(from)) + ")")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#phase", "phase"))
                        .expressionAttributeValues(phaseValues(from))))
                .isPresent();
    }

    private static List<String> phaseNames(Set<RollbackPhase> phases) {
        return phases.stream().map(p -> ":from" + p.ordinal()).toList();
    }

    private static Map<String, AttributeValue> phaseValues(Set<RollbackPhase> phases) {
        Map<String, AttributeValue> values = new HashMap<>();
        phases.forEach(p -> values.put(":from" + p.ordinal(), s(p.name())));
        return values;
    }

    @Override
    public Optional<RollbackRecord> find(EnvironmentRef environment, String executionId) {
        Map<String, AttributeValue> item = requests.get("reading the rollback record of " + executionId,
                key(environment, executionId));
        return item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public void audit(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(EnvironmentItems.key(entry.environment(),
                EnvironmentItems.AUDIT_PREFIX + entry.startedAt() + "#" + entry.executionId() + "#"
                        + String.format("%02d", entry.place()) + "-" + entry.step()));
        item.put("type", s("AUDIT"));
        put(item, "workflowId", entry.environment().workflow());
        put(item, "environment", entry.environment().environment());
        put(item, "startedAt", entry.startedAt());
        put(item, "executionId", entry.executionId());
        item.put("place", n(entry.place()));
        put(item, "step", entry.step());
        put(item, "at", entry.at());
        put(item, "fromVersion", entry.fromVersion());
        put(item, "targetVersion", entry.targetVersion());
        put(item, "detail", entry.detail());
        requests.conditional("writing the audit entry " + entry.step() + " of " + entry.executionId(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))));
    }

    @Override
    public List<AuditEntry> auditTrail(EnvironmentRef environment, int limit) {
        return auditQuery("reading the audit trail of " + environment, environment, EnvironmentItems.AUDIT_PREFIX,
                true, limit);
    }

    @Override
    public List<AuditEntry> latestAudit(EnvironmentRef environment, int limit) {
        return auditQuery("reading the latest audit entries of " + environment, environment,
                EnvironmentItems.AUDIT_PREFIX, false, limit);
    }

    @Override
    public List<AuditEntry> auditOf(EnvironmentRef environment, String executionId, Instant startedAt) {
        // One execution writes at most nine entries (AuditPlace), all under this prefix.
        return auditQuery("reading the audit entries of " + executionId, environment,
                EnvironmentItems.AUDIT_PREFIX + startedAt + "#" + executionId + "#", true, 20);
    }

    private List<AuditEntry> auditQuery(String what, EnvironmentRef environment, String prefix, boolean oldestFirst,
                                        int limit) {
        return requests.call(what, () ->
                requests.dynamo().query(b -> b.tableName(requests.table())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK, "#sk", FlowbackTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(EnvironmentItems.partition(environment)),
                                ":prefix", s(prefix)))
                        .scanIndexForward(oldestFirst)
                        .consistentRead(true)
                        .limit(limit))).items().stream()
                .map(item -> new AuditEntry(environment, instant(item, "startedAt"), text(item, "executionId"),
                        (int) number(item, "place"), text(item, "step"), instant(item, "at"),
                        version(item, "fromVersion"), version(item, "targetVersion"), text(item, "detail")))
                .toList();
    }

    private static Map<String, AttributeValue> key(EnvironmentRef environment, String executionId) {
        return EnvironmentItems.key(environment, EnvironmentItems.ROLLBACK_PREFIX + executionId);
    }

    private static Map<String, AttributeValue> toItem(RollbackRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.environment(), r.executionId()));
        item.put("type", s("ROLLBACK"));
        put(item, "executionId", r.executionId());
        put(item, "workflowId", r.environment().workflow());
        put(item, "environment", r.environment().environment());
        item.put("status", s(r.status().name()));
        item.put("phase", s(r.phase().name()));
        put(item, "fromVersion", r.fromVersion());
        put(item, "fromSha256", r.fromSha256());
        put(item, "targetVersion", r.targetVersion());
        put(item, "targetSha256", r.targetSha256());
        put(item, "requestedTarget", r.requestedTarget());
        put(item, "reason", r.reason());
        put(item, "trigger", r.trigger() == null ? null : r.trigger().wireName());
        put(item, "requestedBy", r.requestedBy());
        item.put("force", AttributeValue.fromBool(r.force()));
        put(item, "startedAt", r.startedAt());
        put(item, "switchedAt", r.switchedAt());
        item.put("revision", n(r.revision()));
        put(item, "finishedAt", r.finishedAt());
        put(item, "verifiedAt", r.verifiedAt());
        put(item, "error", r.error());
        put(item, "message", r.message());
        put(item, "health", r.health());
        if (r.evidence() != null) {
            item.put("evidence", EvidenceItems.toAttribute(r.evidence()));
        }
        return item;
    }

    private static RollbackRecord fromItem(Map<String, AttributeValue> item) {
        return new RollbackRecord(text(item, "executionId"),
                parsed(item, "environment", text(item, "environment"),
                        env -> EnvironmentRef.of(text(item, "workflowId"), env)),
                parsed(item, "status", text(item, "status"), RollbackStatus::valueOf),
                parsed(item, "phase", text(item, "phase"), RollbackPhase::valueOf), version(item, "fromVersion"),
                hash(item, "fromSha256"), version(item, "targetVersion"), hash(item, "targetSha256"),
                parsed(item, "requestedTarget", text(item, "requestedTarget"),
                        t -> VersionRef.parse("requestedTarget", t)),
                text(item, "reason"),
                parsed(item, "trigger", text(item, "trigger"), t -> RollbackTrigger.fromWire(t).orElseThrow(
                        () -> new IllegalArgumentException("unknown trigger " + t))),
                text(item, "requestedBy"),
                Boolean.TRUE.equals(item.getOrDefault("force", AttributeValue.fromBool(false)).bool()),
                instant(item, "startedAt"), instant(item, "switchedAt"), number(item, "revision"),
                instant(item, "finishedAt"), text(item, "error"), text(item, "message"), text(item, "health"),
                EvidenceItems.fromAttribute(item, "evidence"), instant(item, "verifiedAt"));
    }

    /** Absent and empty values are left out: DynamoDB keys aside, an empty string carries nothing. */
    private static void put(Map<String, AttributeValue> item, String name, Object value) {
        String text = value == null ? null : value.toString();
        if (text != null && !text.isEmpty()) {
            item.put(name, s(text));
        }
    }
}
