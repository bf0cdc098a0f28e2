package dev.flowback.core.chain.health;

import dev.flowback.core.error.InvalidInputException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an environment's request, error and latency figures live (CloudWatch namespace, metric names and the
 * dimensions that select this workflow/environment). Error rate is errors / requests over the check period; p99 is
 * the latency metric's 99th percentile.
 */
public record MetricIdentity(
        String namespace,
        Map<String, String> dimensions,
        String requestsMetric,
        String errorsMetric,
        String latencyMetric) {

    /** CloudWatch allows 30 dimensions per metric. */
    public static final int MAX_DIMENSIONS = 30;

    public MetricIdentity {
        namespace = SettingChecks.requireName("health.metrics.namespace", namespace);
        requestsMetric = SettingChecks.requireName("health.metrics.requests_metric", requestsMetric);
        errorsMetric = SettingChecks.requireName("health.metrics.errors_metric", errorsMetric);
        latencyMetric = SettingChecks.requireName("health.metrics.latency_metric", latencyMetric);
        dimensions = dimensions == null ? Map.of() : Map.copyOf(new TreeMap<>(dimensions));
        if (dimensions.size() > MAX_DIMENSIONS) {
            throw new InvalidInputException("field.range", "health.metrics.dimensions",
                    "health.metrics.dimensions has " + dimensions.size() + " entries; at most " + MAX_DIMENSIONS);
        }
        dimensions.forEach((k, v) -> {
            SettingChecks.requireName("health.metrics.dimensions", k);
            SettingChecks.requireName("health.metrics.dimensions." + k, v);
        });
    }
}
