package dev.flowback.core.chain.payload;

import dev.flowback.core.chain.health.HealthReport;
import java.time.Instant;

/**
 * The verification window, carried through the state machine's health-check loop. The state machine starts it as
 * null (or {@code {"checks": 0}}); the first check finds the switch time and fixes the deadline (switch time + the
 * environment's verification window), and every later check reuses both.
 *
 * @param deadline           when the window ends, or null before the first check
 * @param healthy            every check so far was healthy
 * @param done               stop checking: a check failed, or the window is over
 * @param nextCheckInSeconds how long the state machine waits before the next check
 * @param last               the last check's report
 * @param switchedAt         when the pointer moved: evidence older than this is not about the target
 * @param evidence           some check so far saw evidence about the target (see HealthReport#evidence): healthy
 *                           without evidence is not enough for GOOD
 */
public record HealthWindow(
        int checks,
        Instant deadline,
        boolean healthy,
        boolean done,
        long nextCheckInSeconds,
        HealthReport last,
        Instant switchedAt,
        boolean evidence) {

    /** Whether no check has run yet: the first one fixes the deadline. */
    public boolean notStarted() {
        return checks == 0 || deadline == null;
    }
}
