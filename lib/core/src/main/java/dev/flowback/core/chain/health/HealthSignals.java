package dev.flowback.core.chain.health;

import dev.flowback.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * What an environment's health is judged by after a switch: CloudWatch alarms, metric thresholds and a health URL.
 * Built with {@link #builder()}; every field is checked when it is built, so nothing invalid reaches a store.
 *
 * @param alarmNames         CloudWatch alarms that must not be in ALARM (INSUFFICIENT_DATA is not ALARM: a quiet
 *                           alarm right after a switch must not fail verification)
 * @param errorRateThreshold highest acceptable errors / requests, 0..1 (default 0.05)
 * @param p99ThresholdMillis highest acceptable p99 latency in milliseconds (default 1000)
 * @param metrics            where the error-rate and latency figures live, or null to skip metric checks
 * @param healthUrl          an http(s) URL that must answer 2xx, or null
 */
public record HealthSignals(
        List<String> alarmNames,
        double errorRateThreshold,
        long p99ThresholdMillis,
        MetricIdentity metrics,
        String healthUrl) {

    public static final double DEFAULT_ERROR_RATE = 0.05;
    public static final long DEFAULT_P99_MILLIS = 1000;
    /** DescribeAlarms takes at most 100 names in one call. */
    public static final int MAX_ALARMS = 100;

    public HealthSignals {
        alarmNames = alarmNames == null ? List.of() : List.copyOf(alarmNames);
        if (alarmNames.size() > MAX_ALARMS) {
            throw new InvalidInputException("field.range", "health.alarm_names", "health.alarm_names has "
                    + alarmNames.size() + " names; at most " + MAX_ALARMS);
        }
        alarmNames.forEach(name -> SettingChecks.requireName("health.alarm_names", name));
        if (!(errorRateThreshold >= 0 && errorRateThreshold <= 1)) {
            throw new InvalidInputException("field.range", "health.error_rate_threshold",
                    "health.error_rate_threshold must be between 0 and 1 (0.05 is 5 %), was " + errorRateThreshold);
        }
        if (p99ThresholdMillis < 1 || p99ThresholdMillis > 600_000) {
            throw new InvalidInputException("field.range", "health.p99_threshold_ms",
                    "health.p99_threshold_ms must be between 1 and 600000, was " + p99ThresholdMillis);
        }
        healthUrl = healthUrl == null || healthUrl.isBlank() ? null : checkUrl(healthUrl);
    }

    /** No alarms, no metrics, no URL, default thresholds. */
    public static HealthSignals none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these signals. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.alarmNames = alarmNames;
        b.errorRateThreshold = errorRateThreshold;
        b.p99ThresholdMillis = p99ThresholdMillis;
        b.metrics = metrics;
        b.healthUrl = healthUrl;
        return b;
    }

    /** Whether any signal is configured at all: without one, a health check has nothing to judge. */
    public boolean anyConfigured() {
        return !alarmNames.isEmpty() || metrics != null || healthUrl != null;
    }

    /**
     * What reading the environment must say when nothing is configured: a switch then succeeds but proves nothing,
     * so its target is recorded UNVERIFIED and never becomes last-known-good, which is what an alarm rolls back to.
     * Empty when at least one signal is configured.
     */
    public Optional<String> verificationNotice() {
        return anyConfigured() ? Optional.empty() : Optional.of("no health signal is configured: a switch is recorded"
                + " UNVERIFIED and its target never becomes GOOD (last-known-good); configure health.alarm_names,"
                + " health.metrics or health.health_url");
    }

    /** Collects the signals; {@link #build()} checks them. */
    public static final class Builder {
        private List<String> alarmNames = List.of();
        private double errorRateThreshold = DEFAULT_ERROR_RATE;
        private long p99ThresholdMillis = DEFAULT_P99_MILLIS;
        private MetricIdentity metrics;
        private String healthUrl;

        private Builder() {
        }

        public Builder alarms(List<String> names) {
            this.alarmNames = names;
            return this;
        }

        public Builder thresholds(double errorRate, long p99Millis) {
            this.errorRateThreshold = errorRate;
            this.p99ThresholdMillis = p99Millis;
            return this;
        }

        public Builder metrics(MetricIdentity identity) {
            this.metrics = identity;
            return this;
        }

        public Builder healthUrl(String url) {
            this.healthUrl = url;
            return this;
        }

        public HealthSignals build() {
            return new HealthSignals(alarmNames, errorRateThreshold, p99ThresholdMillis, metrics, healthUrl);
        }
    }

    private static String checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || url.length() > 2048) {
                throw new URISyntaxException(url, "not an absolute http(s) URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("field.syntax", "health.health_url",
                    "health.health_url must be an absolute http or https URL of at most 2048 characters");
        }
    }
}
