package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.decimal;
import static dev.flowback.store.dynamodb.Attributes.epochMillis;
import static dev.flowback.store.dynamodb.Attributes.hash;
import static dev.flowback.store.dynamodb.Attributes.instant;
import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.number;
import static dev.flowback.store.dynamodb.Attributes.parsed;
import static dev.flowback.store.dynamodb.Attributes.s;
import static dev.flowback.store.dynamodb.Attributes.text;
import static dev.flowback.store.dynamodb.Attributes.version;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.GateState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Duration;
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
    static final String START_PREFIX = "START#";

    /** Configuration attributes, all set (or removed) together by create and update. */
    static final List<String> SETTINGS = List.of("engineName", "engineVersion", "alarmNames", "errorRateThreshold",
            "p99ThresholdMs", "metricNamespace", "metricDimensions", "requestsMetric", "errorsMetric",
            "latencyMetric", "healthUrl", "drainTimeoutSeconds", "verificationWindowSeconds", "checkIntervalSeconds",
            "onVerifyFailure", "engineAdapter", "engineSettings");

    private EnvironmentItems() {
    }

    /**
     * Its own partition, not the workflow's {@code WF#{workflow}}: environment traffic (leases, records, audit)
     * never grows the version partition, whose local secondary indexes cap its item collection. Workflow ids
     * cannot contain '#', so the two key forms never meet.
     */
    static String partition(EnvironmentRef ref) {
        return "WF#" + ref.workflow().value() + "#ENV#" + ref.environment().value();
    }

    static Map<String, AttributeValue> key(EnvironmentRef ref, String sortKey) {
        return Map.of(FlowbackTable.PK, s(partition(ref)), FlowbackTable.SK, s(sortKey));
    }

    static Map<String, AttributeValue> environmentKey(EnvironmentRef ref) {
        return key(ref, ENVIRONMENT_SK);
    }

    /** The settings as attribute values; absent optional settings are missing from the map (to be REMOVEd). */
    static Map<String, AttributeValue> settings(Environment e) {
        HealthSignals h = e.health();
        RolloutPolicy r = e.rollout();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("engineName", s(e.engineName()));
        item.put("engineVersion", s(e.engineVersion()));
        item.put("alarmNames", AttributeValue.fromL(h.alarmNames().stream().map(Attributes::s).toList()));
        item.put("errorRateThreshold", AttributeValue.fromN(Double.toString(h.errorRateThreshold())));
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
        item.put("drainTimeoutSeconds", n(r.drainTimeout().toSeconds()));
        item.put("verificationWindowSeconds", n(r.verificationWindow().toSeconds()));
        item.put("checkIntervalSeconds", n(r.checkInterval().toSeconds()));
        item.put("onVerifyFailure", s(r.onVerifyFailure().name()));
        item.put("engineAdapter", s(e.engine().adapter()));
        if (!e.engine().settings().isEmpty()) {
            Map<String, AttributeValue> engine = new HashMap<>();
            e.engine().settings().forEach((k, v) -> engine.put(k, s(v)));
            item.put("engineSettings", AttributeValue.fromM(engine));
        }
        return item;
    }

    /**
     * The engine binding; an item written before bindings existed has no {@code engineAdapter} and reads as the
     * embedded gate, which is what such an environment always was.
     */
    private static EngineBinding engine(Map<String, AttributeValue> item) {
        Map<String, String> settings = new HashMap<>();
        item.getOrDefault("engineSettings", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> settings.put(k,
                v.s()));
        return parsed(item, "engineAdapter", text(item, "engineAdapter") == null ? EngineBinding.EmbeddedGate.NAME
                : text(item, "engineAdapter"), adapter -> EngineBinding.of(adapter, settings));
    }

    static EnvironmentState fromItem(Map<String, AttributeValue> item) {
        MetricIdentity metrics = null;
        if (item.containsKey("metricNamespace")) {
            Map<String, String> dims = new HashMap<>();
            item.getOrDefault("metricDimensions", AttributeValue.fromM(Map.of())).m()
                    .forEach((k, v) -> dims.put(k, v.s()));
            metrics = new MetricIdentity(text(item, "metricNamespace"), dims, text(item, "requestsMetric"),
                    text(item, "errorsMetric"), text(item, "latencyMetric"));
        }
        HealthSignals health = new HealthSignals(
                item.get("alarmNames").l().stream().map(AttributeValue::s).toList(),
                decimal(item, "errorRateThreshold"),
                number(item, "p99ThresholdMs"),
                metrics,
                text(item, "healthUrl"));
        RolloutPolicy rollout = new RolloutPolicy(
                Duration.ofSeconds(number(item, "drainTimeoutSeconds")),
                Duration.ofSeconds(number(item, "verificationWindowSeconds")),
                Duration.ofSeconds(number(item, "checkIntervalSeconds")),
                parsed(item, "onVerifyFailure", text(item, "onVerifyFailure"), VerifyFailurePolicy::valueOf));
        EnvironmentRef ref = parsed(item, "environment", text(item, "environment"),
                env -> EnvironmentRef.of(text(item, "workflowId"), env));
        Environment environment = new Environment(ref, text(item, "engineName"), text(item, "engineVersion"),
                health, rollout, engine(item));
        ActivePointer pointer = new ActivePointer(version(item, "activeVersion"), hash(item, "activeSha256"),
                version(item, "previousVersion"), number(item, "revision"), text(item, "lastSwitch"),
                instant(item, "switchedAt"));
        AdmissionGate gate = GateState.CLOSED.name().equals(text(item, "gate"))
                ? new AdmissionGate(GateState.CLOSED, text(item, "gateClosedBy"), instant(item, "gateClosedAt"))
                : AdmissionGate.OPEN;
        RollbackLock lock = new RollbackLock(text(item, "lockHolder"), number(item, "lockToken"),
                epochMillis(item, "lockExpiresAt"));
        return new EnvironmentState(environment, pointer, gate, lock);
    }
}
