package dev.flowback.function.support;

import java.time.Duration;
import java.util.Map;

/**
 * The chain functions' configuration, from the environment variables template.yaml sets, parsed once per
 * container. A missing or malformed variable stops the container at start with the variable's name, rather than
 * failing the first rollback half-way.
 *
 * @param table     FLOWBACK_TABLE: the DynamoDB table
 * @param bucket    FLOWBACK_BUCKET: the snapshot bucket
 * @param lockLease FLOWBACK_LOCK_LEASE_SECONDS (optional, default 900): the rollback lock's lease
 */
public record FunctionConfig(String table, String bucket, Duration lockLease) {
    public static final String TABLE = "FLOWBACK_TABLE";
    public static final String BUCKET = "FLOWBACK_BUCKET";
    public static final String LOCK_LEASE_SECONDS = "FLOWBACK_LOCK_LEASE_SECONDS";
    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofMinutes(15);

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
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 60 || seconds > 86_400) {
                throw new NumberFormatException("out of range");
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + LOCK_LEASE_SECONDS
                    + " must be a whole number of seconds between 60 and 86400, was '" + value + "'");
        }
    }
}
