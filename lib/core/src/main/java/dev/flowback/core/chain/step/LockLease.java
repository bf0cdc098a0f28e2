package dev.flowback.core.chain.step;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The clock the steps read and how long the rollback lock lasts without renewal. Every step after the snapshot renews
 * the lock, so the lease only has to outlast the longest gap between two steps; a crashed execution frees the
 * environment this long after its last step.
 */
public record LockLease(Clock clock, Duration length) {
    public LockLease {
        Objects.requireNonNull(clock, "clock");
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("the lock lease must be positive");
        }
    }

    public Instant now() {
        return clock.instant();
    }

    /** When a lease taken or renewed at {@code now} runs out. */
    public Instant endingFrom(Instant now) {
        return now.plus(length);
    }
}
