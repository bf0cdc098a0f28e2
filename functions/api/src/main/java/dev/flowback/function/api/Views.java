package dev.flowback.function.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.EnvironmentOverviews.EnvironmentOverview;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.registry.VersionRecord;
import java.time.Instant;

/** The API's answers as JSON trees, field names in snake_case as everywhere on the wire. */
final class Views {
    private Views() {
    }

    static ObjectNode version(VersionRecord v) {
        ObjectNode node = ApiJson.object()
                .put("workflow_id", v.workflowId().value())
                .put("version_id", v.versionId().value())
                .put("sequence", v.sequence())
                .put("sha256", v.sha256().hex())
                .put("fingerprint", v.fingerprint().hex())
                .put("size_bytes", v.sizeBytes())
                .put("format", v.format())
                .put("author", v.author())
                .put("created_at", v.createdAt().toString())
                .put("summary", v.summary())
                .put("parent_version", v.parent().map(Object::toString).orElse(null))
                .put("schema_version", v.schemaVersion())
                .put("engine", v.engine() == null ? null : v.engine().toString())
                .put("status", v.status().name());
        ArrayNode secrets = node.putArray("secret_names");
        v.secretNames().forEach(secrets::add);
        ArrayNode notes = node.putArray("notes");
        v.notes().forEach(notes::add);
        return node;
    }

    static ObjectNode environment(EnvironmentOverview overview) {
        EnvironmentState state = overview.state();
        Environment e = state.environment();
        ObjectNode node = ApiJson.object()
                .put("workflow_id", e.ref().workflow().value())
                .put("environment", e.ref().environment().value());
        ObjectNode engine = node.putObject("engine").put("name", e.engineName()).put("version", e.engineVersion())
                .put("adapter", e.engine().adapter());
        ObjectNode settings = engine.putObject("settings");
        e.engine().settings().forEach(settings::put);
        node.set("health", health(e.health()));
        node.put("verification_notice", e.health().verificationNotice().orElse(null));
        node.set("rollout", rollout(e.rollout()));
        ActivePointer p = state.pointer();
        node.put("live_version", text(p.activeVersion()))
                .put("live_sha256", p.activeSha256() == null ? null : p.activeSha256().hex())
                .put("previous_version", text(p.previousVersion()))
                .put("revision", p.revision())
                .put("switched_at", text(p.switchedAt()));
        node.putObject("gate").put("state", state.gate().state().name()).put("closed_by", state.gate().closedBy())
                .put("closed_at", text(state.gate().closedAt()));
        node.putObject("lock").put("holder", state.lock().holder()).put("token", state.lock().token())
                .put("expires_at", text(state.lock().expiresAt()));
        node.put("last_known_good", overview.lastKnownGoodVersion().map(v -> v.versionId().value()).orElse(null));
        ArrayNode recent = node.putArray("recent_decisions");
        overview.recent().forEach(a -> recent.add(audit(a)));
        return node;
    }

    static ObjectNode health(HealthSignals h) {
        ObjectNode node = ApiJson.object();
        ArrayNode alarms = node.putArray("alarm_names");
        h.alarmNames().forEach(alarms::add);
        node.put("error_rate_threshold", h.errorRateThreshold()).put("p99_threshold_ms", h.p99ThresholdMillis());
        MetricIdentity m = h.metrics();
        if (m == null) {
            node.putNull("metrics");
        } else {
            ObjectNode metrics = node.putObject("metrics").put("namespace", m.namespace());
            ObjectNode dims = metrics.putObject("dimensions");
            m.dimensions().forEach(dims::put);
            metrics.put("requests_metric", m.requestsMetric()).put("errors_metric", m.errorsMetric())
                    .put("latency_metric", m.latencyMetric());
        }
        node.put("health_url", h.healthUrl());
        return node;
    }

    static ObjectNode rollout(RolloutPolicy r) {
        return ApiJson.object()
                .put("drain_timeout_seconds", r.drainTimeout().toSeconds())
                .put("verification_window_seconds", r.verificationWindow().toSeconds())
                .put("check_interval_seconds", r.checkInterval().toSeconds())
                .put("on_verify_failure", r.onVerifyFailure().name());
    }

    static ObjectNode audit(AuditEntry a) {
        return ApiJson.object()
                .put("at", a.at().toString())
                .put("execution_id", a.executionId())
                .put("step", a.step())
                .put("from_version", text(a.fromVersion()))
                .put("target_version", text(a.targetVersion()))
                .put("detail", a.detail());
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static String text(Instant value) {
        return value == null ? null : value.toString();
    }
}
