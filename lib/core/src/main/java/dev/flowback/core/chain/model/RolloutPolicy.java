package dev.flowback.core.chain.model;

import dev.flowback.core.chain.health.SettingChecks;
import dev.flowback.core.error.InvalidInputException;
import java.time.Duration;

/**
 * How the chain moves an environment: how long the pause waits for in-flight instances, how long health is watched
 * after the switch, how often both are checked, and what verification does once when health is bad.
 *
 * @param drainTimeout       how long pause waits for in-flight instances before aborting (unless forced)
 * @param verificationWindow how long health is watched after the switch, measured from the switch (zero: one
 *                           check); alarms in ALARM since before the switch must have left ALARM by its end, so with
 *                           alarms configured it should cover their evaluation range (period x evaluation periods)
 * @param checkInterval      the pause between drain checks and between health checks (1 s to 5 min); each wait loop
 *                           makes at most {@link #MAX_CHECKS_PER_LOOP} checks, so drain timeout and verification
 *                           window are each at most 499 intervals
 * @param onVerifyFailure    what verification does, once, when health is bad
 */
public record RolloutPolicy(
        Duration drainTimeout,
        Duration verificationWindow,
        Duration checkInterval,
        VerifyFailurePolicy onVerifyFailure) {

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_VERIFICATION_WINDOW = Duration.ofMinutes(2);
    /**
     * Every 30 s: CloudWatch metrics come in 60 s periods and standard alarms evaluate once a period, so a check
     * every 15 s read each minute four times; at 30 s the default 2-minute window is 5 checks instead of 9, which is
     * 12 state transitions fewer per rollback (see docs/PERFORMANCE.md, cost per rollback). The price: a drain
     * re-count, and a failing health URL, is seen up to 15 s later.
     */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);
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

    public RolloutPolicy {
        drainTimeout = SettingChecks.requireDuration("rollout.drain_timeout_seconds", drainTimeout, Duration.ZERO,
                MAX_WAIT);
        verificationWindow = SettingChecks.requireDuration("rollout.verification_window_seconds", verificationWindow,
                Duration.ZERO, MAX_WAIT);
        checkInterval = SettingChecks.requireDuration("rollout.check_interval_seconds", checkInterval,
                Duration.ofSeconds(1), MAX_CHECK_INTERVAL);
        requireBoundedLoop("rollout.drain_timeout_seconds", drainTimeout, checkInterval, "drain");
        requireBoundedLoop("rollout.verification_window_seconds", verificationWindow, checkInterval, "health");
        onVerifyFailure = onVerifyFailure == null ? VerifyFailurePolicy.DEFAULT : onVerifyFailure;
    }

    /** Default waits; hold-and-mark-bad on failure. */
    public static RolloutPolicy defaults() {
        return new RolloutPolicy(DEFAULT_DRAIN_TIMEOUT, DEFAULT_VERIFICATION_WINDOW, DEFAULT_CHECK_INTERVAL,
                VerifyFailurePolicy.DEFAULT);
    }

    public static RolloutPolicy of(Duration drain, Duration verification, Duration interval) {
        return new RolloutPolicy(drain, verification, interval, VerifyFailurePolicy.DEFAULT);
    }

    public RolloutPolicy onVerifyFailure(VerifyFailurePolicy policy) {
        return new RolloutPolicy(drainTimeout, verificationWindow, checkInterval, policy);
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
                    + " rollout.check_interval_seconds (" + interval.toSeconds() + " s) would make up to " + checks
                    + " " + loop + " checks; at most " + MAX_CHECKS_PER_LOOP + " (a Step Functions execution keeps at"
                    + " most 25,000 history events): use a check interval of at least " + minInterval + " s or a"
                    + " shorter " + field.substring("rollout.".length(), field.length() - "_seconds".length())
                    .replace('_', ' '));
        }
    }
}
