package dev.flowback.core.chain.health;

import dev.flowback.core.id.EnvironmentRef;
import java.time.Instant;
import java.util.Objects;

/**
 * What a health probe is asked: is the version the switch made live healthy, judged on evidence from after the
 * switch. Before {@code switchedAt} the environment ran another version (the one a rollback is escaping, often), so
 * its alarms and metrics say nothing about this one.
 *
 * @param environment the environment being judged
 * @param signals     what to judge it by
 * @param switchedAt  when the pointer moved to the version being judged (the rollback record's switch time)
 */
public record HealthQuery(EnvironmentRef environment, HealthSignals signals, Instant switchedAt) {
    public HealthQuery {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(switchedAt, "switchedAt");
    }
}
