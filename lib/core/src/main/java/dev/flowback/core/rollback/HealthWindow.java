package dev.flowback.core.rollback;

/**
 * The verification window, carried through the state machine's health-check loop. The state machine starts it as
 * {@code {"checks": 0}}; the first check finds the switch time and fixes the deadline (switch time + the
 * environment's verification window), and every later check reuses both.
 *
 * @param healthy            every check so far was healthy
 * @param done               stop checking: a check failed, or the window is over
 * @param nextCheckInSeconds how long the state machine waits before the next check
 * @param last               the last check's report
 * @param switchedAt         when the pointer moved: evidence older than this is not about the target
 */
public record HealthWindow(
        int checks,
        String deadline,
        boolean healthy,
        boolean done,
        long nextCheckInSeconds,
        HealthReport last,
        String switchedAt) {

    /** A window without a recorded switch time (the first check looks it up). */
    public HealthWindow(int checks, String deadline, boolean healthy, boolean done, long nextCheckInSeconds,
                        HealthReport last) {
        this(checks, deadline, healthy, done, nextCheckInSeconds, last, null);
    }
}
