package dev.flowback.core.chain.model;

/**
 * What verification does, once, when health after the switch is not good enough.
 *
 * <p>The default is {@link #HOLD_AND_MARK_BAD}. Most executions are rollbacks started because what was live
 * looked bad (an alarm, an operator): switching straight back to it would reinstate the version the rollback was
 * meant to escape, and two versions that both look unhealthy would otherwise flip back and forth, each switch
 * raising the alarm that starts the next. Holding keeps one switch per execution, marks the target BAD so
 * {@code last-known-good} will not pick it again, and leaves the next move to a person or a new execution.
 * {@link #REVERT} suits forward deployments of a new version, where what ran before is the known quantity.
 */
public enum VerifyFailurePolicy {
    /** Keep the target live, mark it BAD, release the lock, report the failure. */
    HOLD_AND_MARK_BAD,
    /** Switch back to the version live before this execution (one conditional write), mark the target BAD. */
    REVERT;

    public static final VerifyFailurePolicy DEFAULT = HOLD_AND_MARK_BAD;
}
