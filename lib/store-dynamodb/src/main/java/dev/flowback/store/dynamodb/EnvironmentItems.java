package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.VersionItems.n;
import static dev.flowback.store.dynamodb.VersionItems.s;
import static dev.flowback.store.dynamodb.VersionItems.str;

import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.rollback.ActivePointer;
import dev.flowback.core.rollback.AdmissionGate;
import dev.flowback.core.rollback.Environment;
import dev.flowback.core.rollback.EnvironmentState;
import dev.flowback.core.rollback.GateState;
import dev.flowback.core.rollback.HealthSettings;
import dev.flowback.core.rollback.MetricIdentity;
import dev.flowback.core.rollback.RollbackLock;
import dev.flowback.core.rollback.VerifyFailurePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The environment partition ({@code WF#{workflow}#ENV#{environment}}) and its environment item, mapped by hand.
 * Configuration attributes are written by create/update; pointer, gate and lock attributes only by the
 * conditional updates in {@link DynamoEnvironmentStore}.
 */
final class EnvironmentItems {
    static final String ENVIRONMENT_SK = "ENV";
    static final String INSTANCE_PREFIX = "INST#";
    static final String ROLLBACK_PREFIX = "RB#";
    static final String AUDIT_PREFIX = "AUDIT#";

    /** Configuration attributes, all set (or removed) together by create and update. */
    static final List<String> SETTINGS = List.of("engineName", "engineVersion", "alarmNames", "errorRateThreshold",
            "p99ThresholdMs", "metricNamespace", "metricDimensions", "requestsMetric", "errorsMetric",
            "latencyMetric", "healthUrl", "drainTimeoutSeconds", "verificationWindowSeconds", "checkIntervalSeconds",
            "onVerifyFailure");

    private EnvironmentItems() {
    }

    /**
     * Its own partition, not the workflow's {@code WF#{workflow}}: environment traffic (leases, records, audit)
     * never grows the version partition, whose local secondary indexes cap its item collection. Workflow ids
     * cannot contain '#', so the two key forms never meet.
     */
    static String partition(WorkflowId workflow, EnvironmentName environment) {
        return "WF#" + workflow.value() + "#ENV#" + environment.value();
    }

    static Map<String, AttributeValue> key(WorkflowId workflow, EnvironmentName environment, String sortKey) {
        return Map.of(FlowbackTable.PK, s(partition(workflow, environment)), FlowbackTable.SK, s(sortKey));
    }

    static Map<String, AttributeValue> environmentKey(WorkflowId workflow, EnvironmentName environment) {
        return key(workflow, environment, ENVIRONMENT_SK);
    }

    /** The settings as attribute values; absent optional settings are missing from the map (to be REMOVEd). */
    static Map<String, AttributeValue> settings(Environment e) {
        HealthSettings h = e.health();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("engineName", s(e.engineName()));
        item.put("engineVersion", s(e.engineVersion()));
        item.put("alarmNames", AttributeValue.fromL(
                h.alarmNames().stream().map(VersionItems::s).toList()));
        item.put("errorRateThreshold", AttributeValue.fromN(
                Double.toString(h.errorRateThreshold())));
        item.put("p99ThresholdMs", n(h.p99ThresholdMillis()));
        if (h.metrics() != null) {
            MetricIdentity m = h.metrics();
            item.put("metricNamespace", s(m.namespace()));
            Map<String, AttributeValue> dims = new HashMap<>();
            m.dimensions().forEach((k, v) -> dims.put(k, s(v)));
            item.put("metricDimensions", AttributeValue.fromM(dims));
            item.put("requestsMetric", s(m.requestsMetric()));
            item.put("errorsMetric", s(m.errorsMetric()));
            item.put("latencyMetric", s(m.latencyMetric()));
        }
        if (h.healthUrl() != null) {
            item.put("healthUrl", s(h.healthUrl()));
        }
        item.put("drainTimeoutSeconds", n(h.drainTimeout().toSeconds()));
        item.put("verificationWindowSeconds", n(h.verificationWindow().toSeconds()));
        item.put("checkIntervalSeconds", n(h.checkInterval().toSeconds()));
        item.put("onVerifyFailure", s(h.onVerifyFailure().name()));
        return item;
    }

    static EnvironmentState fromItem(Map<String, AttributeValue> item) {
        MetricIdentity metrics = null;
        if (item.containsKey("metricNamespace")) {
            Map<String, String> dims = new HashMap<>();
            item.getOrDefault("metricDimensions", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> dims.put(k, v.s()));
            metrics = new MetricIdentity(str(item, "metricNamespace"), dims, str(item, "requestsMetric"),
                    str(item, "errorsMetric"), str(item, "latencyMetric"));
        }
        HealthSettings health = new HealthSettings(
                item.get("alarmNames").l().stream().map(v -> v.s()).toList(),
                Double.parseDouble(item.get("errorRateThreshold").n()),
                number(item, "p99ThresholdMs"),
                metrics,
                item.containsKey("healthUrl") ? str(item, "healthUrl") : null,
                Duration.ofSeconds(number(item, "drainTimeoutSeconds")),
                Duration.ofSeconds(number(item, "verificationWindowSeconds")),
                Duration.ofSeconds(number(item, "checkIntervalSeconds")),
                VerifyFailurePolicy.valueOf(str(item, "onVerifyFailure")));
        Environment environment = new Environment(WorkflowId.of(str(item, "workflowId")),
                EnvironmentName.of(str(item, "environment")), str(item, "engineName"), str(item, "engineVersion"),
                health);
        ActivePointer pointer = new ActivePointer(version(item, "activeVersion"), text(item, "activeSha256"),
                version(item, "previousVersion"), number(item, "revision"), text(item, "lastSwitch"));
        AdmissionGate gate = GateState.CLOSED.name().equals(str(item, "gate"))
                ? new AdmissionGate(GateState.CLOSED, text(item, "gateClosedBy"), instant(item, "gateClosedAt"))
                : AdmissionGate.OPEN;
        RollbackLock lock = new RollbackLock(text(item, "lockHolder"), number(item, "lockToken"),
                item.containsKey("lockExpiresAt") ? Instant.ofEpochMilli(number(item, "lockExpiresAt")) : null);
        return new EnvironmentState(environment, pointer, gate, lock);
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    /** Null when absent, unlike {@link VersionItems#str}, which answers "". */
    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static VersionId version(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? null : VersionId.of(value);
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? null : Instant.parse(value);
    }
}
