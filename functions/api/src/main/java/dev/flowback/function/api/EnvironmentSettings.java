package dev.flowback.function.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * An environment's settings as the API takes them: sections ({@code engine}, {@code health}, {@code rollout}),
 * each applied over a base environment as a JSON merge patch would be (a field given replaces, null clears an
 * optional one, an absent field keeps the base's), so creating and updating read the same document. Field names are
 * those the model's own checks report ({@code health.error_rate_threshold}), so a refusal names the field as the
 * caller wrote it.
 *
 * <p>A new setting is a new field of a section, or a new entry in {@link #SECTIONS} with its own reader.
 */
final class EnvironmentSettings {
    /** Each section and how it changes a base environment. */
    private static final Map<String, BiFunction<ObjectNode, Environment, Environment>> SECTIONS = Map.of(
            "engine", EnvironmentSettings::engine,
            "health", EnvironmentSettings::health,
            "rollout", EnvironmentSettings::rollout);

    private static final Set<String> ENGINE = Set.of("name", "version", "adapter", "settings");
    private static final Set<String> HEALTH = Set.of("alarm_names", "error_rate_threshold", "p99_threshold_ms",
            "metrics", "health_url");
    private static final Set<String> METRICS = Set.of("namespace", "dimensions", "requests_metric", "errors_metric",
            "latency_metric");
    private static final Set<String> ROLLOUT = Set.of("drain_timeout_seconds", "verification_window_seconds",
            "check_interval_seconds", "on_verify_failure");

    private EnvironmentSettings() {
    }

    static Set<String> sections() {
        return SECTIONS.keySet();
    }

    /** {@code base} with every section {@code body} gives applied; fields outside the sections are the caller's. */
    static Environment apply(ObjectNode body, Environment base) {
        Environment result = base;
        for (Map.Entry<String, BiFunction<ObjectNode, Environment, Environment>> section : SECTIONS.entrySet()) {
            JsonNode value = body.get(section.getKey());
            if (value == null) {
                continue;
            }
            if (!value.isObject()) {
                throw new InvalidInputException("field.type", section.getKey(), section.getKey() + " must be an"
                        + " object");
            }
            result = section.getValue().apply((ObjectNode) value, result);
        }
        return result;
    }

    private static Environment engine(ObjectNode engine, Environment base) {
        ApiJson.refuseUnknown(engine, "engine", ENGINE);
        String name = ApiJson.optionalText(engine, "engine", "name");
        String version = ApiJson.optionalText(engine, "engine", "version");
        // The binding: a new adapter takes the settings given (none: none); settings alone replace the current
        // adapter's. The core checks every setting and names it (engine.settings.console_url).
        String adapter = ApiJson.optionalText(engine, "engine", "adapter");
        Map<String, String> settings = ApiJson.optionalTextMap(engine, "engine", "settings");
        EngineBinding binding = adapter == null && settings == null ? base.engine()
                : EngineBinding.of(adapter == null ? base.engine().adapter() : adapter,
                settings == null ? (adapter == null ? base.engine().settings() : Map.of()) : settings);
        return new Environment(base.ref(), name == null ? base.engineName() : name,
                version == null ? base.engineVersion() : version, base.health(), base.rollout(), binding);
    }

    private static Environment health(ObjectNode health, Environment base) {
        ApiJson.refuseUnknown(health, "health", HEALTH);
        HealthSignals.Builder signals = base.health().toBuilder();
        List<String> alarms = ApiJson.optionalTextList(health, "health", "alarm_names");
        if (alarms != null) {
            signals.alarms(alarms);
        } else if (health.has("alarm_names")) {
            signals.alarms(List.of());
        }
        Double errorRate = ApiJson.optionalNumber(health, "health", "error_rate_threshold");
        Long p99 = ApiJson.optionalWhole(health, "health", "p99_threshold_ms", Long.MIN_VALUE, Long.MAX_VALUE);
        signals.thresholds(errorRate == null ? base.health().errorRateThreshold() : errorRate,
                p99 == null ? base.health().p99ThresholdMillis() : p99);
        if (health.has("metrics")) {
            ObjectNode metrics = ApiJson.optionalObject(health, "health", "metrics");
            signals.metrics(metrics == null ? null : metrics(metrics));
        }
        if (health.has("health_url")) {
            signals.healthUrl(ApiJson.optionalText(health, "health", "health_url"));
        }
        return base.withHealth(signals.build());
    }

    private static MetricIdentity metrics(ObjectNode metrics) {
        String path = "health.metrics";
        ApiJson.refuseUnknown(metrics, path, METRICS);
        Map<String, String> dimensions = ApiJson.optionalTextMap(metrics, path, "dimensions");
        return new MetricIdentity(ApiJson.optionalText(metrics, path, "namespace"), dimensions,
                ApiJson.optionalText(metrics, path, "requests_metric"), ApiJson.optionalText(metrics, path,
                "errors_metric"), ApiJson.optionalText(metrics, path, "latency_metric"));
    }

    private static Environment rollout(ObjectNode rollout, Environment base) {
        ApiJson.refuseUnknown(rollout, "rollout", ROLLOUT);
        RolloutPolicy current = base.rollout();
        Duration drain = seconds(rollout, "drain_timeout_seconds", current.drainTimeout());
        Duration window = seconds(rollout, "verification_window_seconds", current.verificationWindow());
        Duration interval = seconds(rollout, "check_interval_seconds", current.checkInterval());
        String policy = ApiJson.optionalText(rollout, "rollout", "on_verify_failure");
        VerifyFailurePolicy onFailure = current.onVerifyFailure();
        if (policy != null) {
            onFailure = Arrays.stream(VerifyFailurePolicy.values()).filter(p -> p.name().equals(policy)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("field.syntax", "rollout.on_verify_failure",
                            "rollout.on_verify_failure must be one of " + Arrays.toString(
                                    VerifyFailurePolicy.values())));
        }
        return base.withRollout(new RolloutPolicy(drain, window, interval, onFailure));
    }

    private static Duration seconds(ObjectNode rollout, String name, Duration current) {
        Long value = ApiJson.optionalWhole(rollout, "rollout", name, 0, RolloutPolicy.MAX_WAIT.toSeconds());
        return value == null ? current : Duration.ofSeconds(value);
    }
}
