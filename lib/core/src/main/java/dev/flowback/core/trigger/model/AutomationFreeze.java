package dev.flowback.core.trigger.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Automation stopped for an environment: no alarm starts a rollback there until a person lifts it.
 *
 * @param rule      the rule that froze it ({@code cap}, {@code rollback-of-rollback})
 * @param message   one sentence saying why
 * @param alarmName the alarm whose state change froze it
 */
public record AutomationFreeze(Instant at, String rule, String message, String alarmName) {
    public AutomationFreeze {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(rule, "rule");
        message = message == null ? "" : message;
    }
}
