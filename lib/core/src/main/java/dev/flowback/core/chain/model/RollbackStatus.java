package dev.flowback.core.chain.model;

/** Where a rollback execution stands, as its record and its output say it. */
public enum RollbackStatus {
    IN_PROGRESS,
    /** Switched and verified healthy on evidence: the target is GOOD and live. */
    SUCCEEDED,
    /**
     * Switched, and nothing said otherwise, but nothing was seen either: no health signal is configured, or none gave
     * evidence over the window (no data, alarms in INSUFFICIENT_DATA). The target is live and not GOOD, so it is no
     * one's last-known-good.
     */
    UNVERIFIED,
    /** Switched, verification failed, the target stays live and is marked BAD (policy HOLD_AND_MARK_BAD). */
    HELD,
    /**
     * Switched, verification failed, then drained and switched back to the version live before (policy REVERT),
     * target BAD.
     */
    REVERTED,
    /**
     * Verify's answer when verification failed under policy REVERT: the target is BAD and the state machine goes on
     * to drain and switch back. Never a record's status or an event's: the execution ends REVERTED (or FAILED).
     */
    REVERTING,
    /**
     * Stopped before the pause: the request was refused (bad input, an unknown target, another rollback in progress,
     * a target validate rejects). Nothing was paused or switched; the lock, if taken, is released.
     */
    REFUSED,
    /** Stopped after the pause, at or after the switch (or verification could not run); compensated: gate open, lock
     * free. */
    FAILED,
    /** Nothing changed: the plan only. */
    DRY_RUN;

    public boolean isFinal() {
        return this != IN_PROGRESS && this != REVERTING;
    }
}
