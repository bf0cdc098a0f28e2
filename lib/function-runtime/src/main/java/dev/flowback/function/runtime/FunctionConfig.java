package dev.flowback.function.runtime;

import dev.flowback.core.chain.model.RolloutPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * The chain functions' configuration, from the environment variables template.yaml sets, parsed once per
 * container. A missing or malformed variable stops the container at start with the variable's name, rather than
 * failing the first rollback half-way.
 *
 * <p>The lock lease must outlast the longest gap between two renewals of one execution's lock, or a healthy
 * execution loses its lock in a wait loop (LockLostException) and another can take the environment mid-rollback.
 * Every step renews the lease with its first write, so the gap is at most: the rest of the step that renewed it (one
 * {@link #TASK_TIMEOUT} at most), the longest Wait ({@link RolloutPolicy#MAX_CHECK_INTERVAL}), then the next
 * step's {@link #TASK_RETRIES} failed attempts with their backoff ({@link #RETRY_BACKOFF}) and its last attempt, which
 * may renew only as it times out: 70 + 300 + 4 x 70 + 15 + 70 = {@link #MIN_LOCK_LEASE} (735 s).
 *
 * @param table     FLOWBACK_TABLE: the DynamoDB table
 * @param bucket    FLOWBACK_BUCKET: the snapshot bucket
 * @param lockLease FLOWBACK_LOCK_LEASE_SECONDS (optional, default 900, at least 735): the rollback lock's lease;
 *                  {@link #from} enforces the bounds, the constructor (local runs, tests) takes what it is given
 */
public record FunctionConfig(String table, String bucket, Duration lockLease) {
    public static final String TABLE = "FLOWBACK_TABLE";
    public static final String BUCKET = "FLOWBACK_BUCKET";
    public static final String LOCK_LEASE_SECONDS = "FLOWBACK_LOCK_LEASE_SECONDS";
    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofMinutes(15);
    /**
     * The longest a chain Task attempt runs: the largest TimeoutSeconds of the Tasks in statemachine/rollback.asl.json
     * (Switch and Compensate, whose engine apply may take a minute; the other steps have 40 s).
     */
    public static final Duration TASK_TIMEOUT = Duration.ofSeconds(70);
    /** Retries after a Task's first attempt (MaxAttempts of its Retry in rollback.asl.json). */
    public static final int TASK_RETRIES = 4;
    /** The most those retries wait in all: 1 + 2 + 4 + 8 s (IntervalSeconds 1, BackoffRate 2, MaxDelaySeconds 8). */
    public static final Duration RETRY_BACKOFF = Duration.ofSeconds(15);
    /** The shortest safe lease (see the class comment). */
    public static final Duration MIN_LOCK_LEASE = RolloutPolicy.MAX_CHECK_INTERVAL
            .plus(TASK_TIMEOUT.multipliedBy(TASK_RETRIES + 2L)).plus(RETRY_BACKOFF);
    public static final Duration MAX_LOCK_LEASE = Duration.ofDays(1);

    public static FunctionConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static FunctionConfig from(Map<String, String> variables) {
        return new FunctionConfig(required(variables, TABLE), required(variables, BUCKET), lease(variables));
    }

    private static String required(Map<String, String> variables, String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value.strip();
    }

    private static Duration lease(Map<String, String> variables) {
        String value = variables.get(LOCK_LEASE_SECONDS);
        if (value == null || value.isBlank()) {
            return DEFAULT_LOCK_LEASE;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + LOCK_LEASE_SECONDS + " must be a whole number"
                    + " of seconds between " + MIN_LOCK_LEASE.toSeconds() + " and " + MAX_LOCK_LEASE.toSeconds()
                    + ", was '" + value + "'");
        }
        if (seconds < MIN_LOCK_LEASE.toSeconds()) {
            throw new IllegalStateException("environment variable " + LOCK_LEASE_SECONDS + " is " + seconds
                    + " s; it must be at least " + MIN_LOCK_LEASE.toSeconds() + " s to outlast the longest gap between"
                    + " two renewals: the longest check interval (" + RolloutPolicy.MAX_CHECK_INTERVAL.toSeconds()
                    + " s), the step before it and every attempt of the step after it (" + (TASK_RETRIES + 2) + " x "
                    + TASK_TIMEOUT.toSeconds() + " s) and their retry backoff (" + RETRY_BACKOFF.toSeconds() + " s)");
        }
        if (seconds > MAX_LOCK_LEASE.toSeconds()) {
            throw new IllegalStateException("environment variable " + LOCK_LEASE_SECONDS + " is " + seconds
                    + " s; at most " + MAX_LOCK_LEASE.toSeconds() + " (a crashed execution holds the environment this"
                    + " long)");
        }
        return Duration.ofSeconds(seconds);
    }
}
