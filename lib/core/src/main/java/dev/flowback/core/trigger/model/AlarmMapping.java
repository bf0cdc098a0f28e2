package dev.flowback.core.trigger.model;

import dev.flowback.core.chain.health.SettingChecks;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which workflow environment an alarm speaks for, and how its state changes are taken. One mapping per alarm name:
 * alarm names are unique per account and region, and a rollback is of one environment.
 *
 * @param onInsufficientData    what a transition into INSUFFICIENT_DATA does (default: ignore, recorded)
 * @param maxAge                a state change older than this when it arrives is ignored (default 20 minutes): a
 *                              late delivery is about a past that a person or another rollback may have dealt with
 * @param blamePreexistingAlarm whether an alarm that was already in ALARM before the live version went live counts
 *                              against it (default false: it is about the version before)
 * @param createdBy             who created the mapping
 */
public record AlarmMapping(
        String alarmName,
        EnvironmentRef environment,
        InsufficientDataPolicy onInsufficientData,
        Duration maxAge,
        boolean blamePreexistingAlarm,
        Instant createdAt,
        String createdBy) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(20);
    public static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
    public static final Duration MAX_MAX_AGE = Duration.ofHours(24);

    public AlarmMapping {
        SettingChecks.requireName("alarm_name", alarmName);
        Objects.requireNonNull(environment, "environment");
        onInsufficientData = onInsufficientData == null ? InsufficientDataPolicy.DEFAULT : onInsufficientData;
        maxAge = SettingChecks.requireDuration("max_age_seconds", maxAge == null ? DEFAULT_MAX_AGE : maxAge,
                MIN_MAX_AGE, MAX_MAX_AGE);
        Objects.requireNonNull(createdAt, "createdAt");
        createdBy = createdBy == null || createdBy.isBlank() ? "unknown" : createdBy;
    }

    /** A mapping with every default: INSUFFICIENT_DATA ignored, 20 minutes' freshness, no blame for an old ALARM. */
    public static AlarmMapping of(String alarmName, EnvironmentRef environment, Instant createdAt, String createdBy) {
        return new AlarmMapping(alarmName, environment, InsufficientDataPolicy.DEFAULT, DEFAULT_MAX_AGE, false,
                createdAt, createdBy);
    }

    public AlarmMapping onInsufficientData(InsufficientDataPolicy policy) {
        return new AlarmMapping(alarmName, environment, policy, maxAge, blamePreexistingAlarm, createdAt, createdBy);
    }

    public AlarmMapping maxAge(Duration age) {
        return new AlarmMapping(alarmName, environment, onInsufficientData, age, blamePreexistingAlarm, createdAt,
                createdBy);
    }

    public AlarmMapping blamePreexistingAlarm(boolean blame) {
        return new AlarmMapping(alarmName, environment, onInsufficientData, maxAge, blame, createdAt, createdBy);
    }
}
