package dev.flowback.core.chain.model;

/** Where a rollback execution stands, as its record and its output say it. */
public enum RollbackStatus {
    IN_PROGRESS,
    /** Switched and verified healthy: the target is GOOD and live. */
    SUCCEEDED,
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
    /** Stopped before or at the switch (or verification could not run); compensated: gate open, lock free. */
    FAILED,
    /** Nothing changed: the plan only. */
    DRY_RUN;

    public boolean isFinal() {
        return this != IN_PROGRESS && this != REVERTING;
    }
}
