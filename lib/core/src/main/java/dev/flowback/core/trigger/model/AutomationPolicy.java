package dev.flowback.core.trigger.model;

import dev.flowback.core.chain.health.SettingChecks;
import dev.flowback.core.error.InvalidInputException;
import java.time.Duration;

/**
 * How often automation may roll an environment back: after an automatic rollback nothing automatic starts for
 * {@code cooldown}; once {@code maxPerHour} automatic rollbacks started within an hour, the next one freezes
 * automation instead, until a person lifts the freeze.
 */
public record AutomationPolicy(Duration cooldown, int maxPerHour) {
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_PER_HOUR = 3;
    public static final Duration MAX_COOLDOWN = Duration.ofHours(24);
    public static final int MAX_PER_HOUR = 60;

    public AutomationPolicy {
        cooldown = SettingChecks.requireDuration("automation.cooldown_seconds", cooldown, Duration.ZERO,
                MAX_COOLDOWN);
        if (maxPerHour < 1 || maxPerHour > MAX_PER_HOUR) {
            throw new InvalidInputException("field.range", "automation.max_rollbacks_per_hour",
                    "automation.max_rollbacks_per_hour must be between 1 and " + MAX_PER_HOUR + ", was " + maxPerHour);
        }
    }

    public static AutomationPolicy defaults() {
        return new AutomationPolicy(DEFAULT_COOLDOWN, DEFAULT_MAX_PER_HOUR);
    }
}
