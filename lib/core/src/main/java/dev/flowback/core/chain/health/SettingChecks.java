package dev.flowback.core.chain.health;

import dev.flowback.core.error.InvalidInputException;
import java.time.Duration;

/** Field checks shared by the environment's settings, so every setting fails with the same shape of message. */
public final class SettingChecks {
    public static final int MAX_NAME = 255;

    private SettingChecks() {
    }

    public static String requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("field.missing", field, field + " is required");
        }
        if (value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("field.syntax", field, field + " must be 1 to " + MAX_NAME
                    + " printable characters");
        }
        return value;
    }

    public static Duration requireDuration(String field, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new InvalidInputException("field.missing", field, field + " is required");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidInputException("field.range", field, field + " must be between " + min.toSeconds()
                    + " and " + max.toSeconds() + " seconds, was " + value.toSeconds());
        }
        return value;
    }
}
