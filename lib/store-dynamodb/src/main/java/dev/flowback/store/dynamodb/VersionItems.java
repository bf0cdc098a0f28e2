package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.hash;
import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.number;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.textOrEmpty;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link VersionRecord} to and from its DynamoDB item, by hand: no reflection on the Lambda path. */
final class VersionItems {
    static final String VERSION_PREFIX = "VER#";
    static final String SEQ_PREFIX = "VSEQ#";
    static final String FP_PREFIX = "FP#";
    static final String GOOD_PREFIX = "GOOD#";

    private VersionItems() {
    }

    static Map<String, AttributeValue> key(WorkflowId workflow, VersionId version) {
        return Map.of(FlowbackTable.PK, s(FlowbackTable.workflowKey(workflow.value())),
                FlowbackTable.SK, s(VERSION_PREFIX + version.value()));
    }

    static String goodKey(long sequence) {
        return GOOD_PREFIX + FlowbackTable.sequence(sequence);
    }

    static Map<String, AttributeValue> toItem(VersionRecord v) {
        Map<String, AttributeValue> item = new HashMap<>(key(v.workflowId(), v.versionId()));
        item.put("type", s("VERSION"));
        item.put(FlowbackTable.SEQ_KEY, s(SEQ_PREFIX + FlowbackTable.sequence(v.sequence())));
        item.put(FlowbackTable.FP_KEY, s(FP_PREFIX + v.fingerprint().hex() + "#"
                + FlowbackTable.sequence(v.sequence())));
        if (v.status() == VersionStatus.GOOD) {
            item.put(FlowbackTable.GOOD_KEY, s(goodKey(v.sequence())));
        }
        item.put("workflowId", s(v.workflowId().value()));
        item.put("versionId", s(v.versionId().value()));
        item.put("sequence", n(v.sequence()));
        item.put("sha256", s(v.sha256().hex()));
        item.put("fingerprint", s(v.fingerprint().hex()));
        item.put("sizeBytes", n(v.sizeBytes()));
        item.put("snapshotKey", s(v.snapshotKey()));
        item.put("format", s(v.format()));
        putText(item, "author", v.author());
        item.put("createdAt", s(v.createdAt().toString()));
        putText(item, "summary", v.summary());
        v.parent().ifPresent(p -> item.put("parentVersion", s(p.value())));
        putText(item, "schemaVersion", v.schemaVersion());
        if (v.engine() != null) {
            item.put("engineName", s(v.engine().name()));
            item.put("engineRange", s(v.engine().versionRange()));
        }
        item.put("status", s(v.status().name()));
        if (!v.secretNames().isEmpty()) {
            // A string set: DynamoDB allows no empty set, so a definition without secrets stores none.
            item.put("secretNames", AttributeValue.fromSs(v.secretNames()));
        }
        if (!v.notes().isEmpty()) {
            // A list, not a set: notes keep the order they were found in, and two may read alike.
            item.put("notes", AttributeValue.fromL(v.notes().stream().map(Attributes::s).toList()));
        }
        return item;
    }

    static VersionRecord fromItem(Map<String, AttributeValue> item) {
        return new VersionRecord(
                parsed(item, "workflowId", text(item, "workflowId"), WorkflowId::of),
                version(item, "versionId"),
                number(item, "sequence"),
                hash(item, "sha256"),
                hash(item, "fingerprint"),
                number(item, "sizeBytes"),
                text(item, "snapshotKey"),
                text(item, "format"),
                textOrEmpty(item, "author"),
                instant(item, "createdAt"),
                textOrEmpty(item, "summary"),
                version(item, "parentVersion"),
                textOrEmpty(item, "schemaVersion"),
                item.containsKey("engineName")
                        ? new EngineRequirement(text(item, "engineName"), text(item, "engineRange")) : null,
                parsed(item, "status", text(item, "status"), VersionStatus::valueOf),
                item.containsKey("secretNames") ? item.get("secretNames").ss() : List.of(),
                item.containsKey("notes") ? item.get("notes").l().stream().map(AttributeValue::s).toList()
                        : List.of());
    }

    /** Optional text is left out when empty rather than stored as an empty string. */
    private static void putText(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }
}
