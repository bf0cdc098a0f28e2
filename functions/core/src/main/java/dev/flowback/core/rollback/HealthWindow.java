package dev.flowback.core.rollback;

/**
 * The verification window, carried through the state machine's health-check loop. The state machine starts it as
 * {@code {"checks": 0}}; the first check fixes the deadline.
 *
 * @param healthy            every check so far was healthy
 * @param done               stop checking: a check failed, or the window is over
 * @param nextCheckInSeconds how long the state machine waits before the next check
 * @param last               the last check's report
 */
public record HealthWindow(
        int checks,
        String deadline,
        boolean healthy,
        boolean done,
        long nextCheckInSeconds,
        HealthReport last) {
}
