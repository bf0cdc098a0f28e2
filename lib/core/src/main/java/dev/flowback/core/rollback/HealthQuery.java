package dev.flowback.core.rollback;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link HealthProbe} is asked: is the version the switch made live healthy, judged on evidence from after the
 * switch. Before {@code switchedAt} the environment ran another version (the one a rollback is escaping, often), so
 * its alarms and metrics say nothing about this one.
 *
 * @param environment the environment and its health settings
 * @param switchedAt  when the pointer moved to the version being judged (the rollback record's switch time)
 */
public record HealthQuery(Environment environment, Instant switchedAt) {
    public HealthQuery {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(switchedAt, "switchedAt");
    }
}
