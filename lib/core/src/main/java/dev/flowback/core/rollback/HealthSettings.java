package dev.flowback.core.rollback;

import dev.flowback.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * How an environment's health is judged after a switch, and how long the chain waits around it.
 *
 * @param alarmNames         CloudWatch alarms that must not be in ALARM (INSUFFICIENT_DATA is not ALARM: a quiet
 *                           alarm right after a switch must not fail verification)
 * @param errorRateThreshold highest acceptable errors / requests, 0..1 (default 0.05)
 * @param p99ThresholdMillis highest acceptable p99 latency in milliseconds (default 1000)
 * @param metrics            where the error-rate and latency figures live, or null to skip metric checks
 * @param healthUrl          an http(s) URL that must answer 2xx, or null
 * @param drainTimeout       how long pause waits for in-flight instances before aborting (unless forced)
 * @param verificationWindow how long health is watched after the switch, measured from the switch (zero: one
 *                           check); alarms in ALARM since before the switch must have left ALARM by its end, so with
 *                           alarms configured it should cover their evaluation range (period x evaluation periods)
 * @param checkInterval      the pause between drain checks and between health checks (1 s to 5 min); each wait loop
 *                           makes at most {@link #MAX_CHECKS_PER_LOOP} checks, so drain timeout and verification
 *                           window are each at most 499 intervals
 * @param onVerifyFailure    what verification does, once, when health is bad
 */
public record HealthSettings(
        List<String> alarmNames,
        double errorRateThreshold,
        long p99ThresholdMillis,
        MetricIdentity metrics,
        String healthUrl,
        Duration drainTimeout,
        Duration verificationWindow,
        Duration checkInterval,
        VerifyFailurePolicy onVerifyFailure) {

    public static final double DEFAULT_ERROR_RATE = 0.05;
    public static final long DEFAULT_P99_MILLIS = 1000;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_VERIFICATION_WINDOW = Duration.ofMinutes(2);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(15);
    /** DescribeAlarms takes at most 100 names in one call. */
    public static final int MAX_ALARMS = 100;
    /** Long enough for any drain or watch a person would wait for; the lock lease is renewed meanwhile. */
    public static final Duration MAX_WAIT = Duration.ofHours(1);
    /** The longest pause between two checks; the lock lease must outlast it (FunctionConfig enforces that). */
    public static final Duration MAX_CHECK_INTERVAL = Duration.ofMinutes(5);
    /**
     * The most checks one wait loop (drain, health window) may make. A loop turn is about 9 history events (Wait,
     * Task, Choice) and each retried attempt adds 3; Step Functions fails an execution at 25,000 events. An execution
     * runs at most three loops (the drain, the window, and the drain of a REVERT): 1,500 turns are about 13,500
     * events, which leaves room for more than 3,000 retried attempts.
     */
    public static final int MAX_CHECKS_PER_LOOP = 500;

    public HealthSettings {
        alarmNames = alarmNames == null ? List.of() : List.copyOf(alarmNames);
        if (alarmNames.size() > MAX_ALARMS) {
            throw new InvalidInputException("field.range", "health.alarm_names", "health.alarm_names has "
                    + alarmNames.size() + " names; at most " + MAX_ALARMS);
        }
        alarmNames.forEach(name -> Settings.requireName("health.alarm_names", name));
        if (!(errorRateThreshold >= 0 && errorRateThreshold <= 1)) {
            throw new InvalidInputException("field.range", "health.error_rate_threshold",
                    "health.error_rate_threshold must be between 0 and 1 (0.05 is 5 %), was " + errorRateThreshold);
        }
        if (p99ThresholdMillis < 1 || p99ThresholdMillis > 600_000) {
            throw new InvalidInputException("field.range", "health.p99_threshold_ms",
                    "health.p99_threshold_ms must be between 1 and 600000, was " + p99ThresholdMillis);
        }
        healthUrl = healthUrl == null || healthUrl.isBlank() ? null : checkUrl(healthUrl);
        drainTimeout = Settings.requireDuration("health.drain_timeout_seconds", drainTimeout, Duration.ZERO, MAX_WAIT);
        verificationWindow = Settings.requireDuration("health.verification_window_seconds", verificationWindow,
                Duration.ZERO, MAX_WAIT);
        checkInterval = Settings.requireDuration("health.check_interval_seconds", checkInterval,
                Duration.ofSeconds(1), MAX_CHECK_INTERVAL);
        requireBoundedLoop("health.drain_timeout_seconds", drainTimeout, checkInterval, "drain");
        requireBoundedLoop("health.verification_window_seconds", verificationWindow, checkInterval, "health");
        onVerifyFailure = onVerifyFailure == null ? VerifyFailurePolicy.DEFAULT : onVerifyFailure;
    }

    /** No alarms, no metrics, no URL; default thresholds and waits; hold-and-mark-bad on failure. */
    public static HealthSettings defaults() {
        return new HealthSettings(List.of(), DEFAULT_ERROR_RATE, DEFAULT_P99_MILLIS, null, null, DEFAULT_DRAIN_TIMEOUT,
                DEFAULT_VERIFICATION_WINDOW, DEFAULT_CHECK_INTERVAL, VerifyFailurePolicy.DEFAULT);
    }

    public HealthSettings withAlarms(List<String> names) {
        return new HealthSettings(names, errorRateThreshold, p99ThresholdMillis, metrics, healthUrl, drainTimeout,
                verificationWindow, checkInterval, onVerifyFailure);
    }

    public HealthSettings withThresholds(double errorRate, long p99Millis) {
        return new HealthSettings(alarmNames, errorRate, p99Millis, metrics, healthUrl, drainTimeout,
                verificationWindow, checkInterval, onVerifyFailure);
    }

    public HealthSettings withMetrics(MetricIdentity identity) {
        return new HealthSettings(alarmNames, errorRateThreshold, p99ThresholdMillis, identity, healthUrl,
                drainTimeout, verificationWindow, checkInterval, onVerifyFailure);
    }

    public HealthSettings withHealthUrl(String url) {
        return new HealthSettings(alarmNames, errorRateThreshold, p99ThresholdMillis, metrics, url, drainTimeout,
                verificationWindow, checkInterval, onVerifyFailure);
    }

    public HealthSettings withWaits(Duration drain, Duration verification, Duration interval) {
        return new HealthSettings(alarmNames, errorRateThreshold, p99ThresholdMillis, metrics, healthUrl, drain,
                verification, interval, onVerifyFailure);
    }

    public HealthSettings withPolicy(VerifyFailurePolicy policy) {
        return new HealthSettings(alarmNames, errorRateThreshold, p99ThresholdMillis, metrics, healthUrl,
                drainTimeout, verificationWindow, checkInterval, policy);
    }

    /** How many checks a loop over {@code span} makes at most: one at the start, then one per interval. */
    public static long checksFor(Duration span, Duration interval) {
        return Math.floorDiv(span.toMillis() + interval.toMillis() - 1, interval.toMillis()) + 1;
    }

    private static void requireBoundedLoop(String field, Duration span, Duration interval, String loop) {
        long checks = checksFor(span, interval);
        if (checks > MAX_CHECKS_PER_LOOP) {
            long minInterval = Math.floorDiv(span.toSeconds() + MAX_CHECKS_PER_LOOP - 2, MAX_CHECKS_PER_LOOP - 1);
            throw new InvalidInputException("field.range", field, field + " (" + span.toSeconds() + " s) with"
                    + " health.check_interval_seconds (" + interval.toSeconds() + " s) would make up to " + checks + " "
                    + loop + " checks; at most " + MAX_CHECKS_PER_LOOP + " (a Step Functions execution keeps at most"
                    + " 25,000 history events): use a check interval of at least " + minInterval + " s or a shorter "
                    + field.substring("health.".length(), field.length() - "_seconds".length()).replace('_', ' '));
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
