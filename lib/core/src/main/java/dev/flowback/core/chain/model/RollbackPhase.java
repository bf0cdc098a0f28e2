package dev.flowback.core.chain.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an execution's rollback record stands in the chain: each step checks the record is in a phase it follows and
 * moves it on with a conditional write, so a step delivered late, twice or out of order is refused instead of obeyed
 * (docs/rollback-chain.md has the whole table).
 *
 * <pre>
 *   step             follows                          moves the record to
 *   snapshot         (no record)                      SNAPSHOT
 *   validate         SNAPSHOT                         (read-only)
 *   pause            SNAPSHOT, PAUSED                 PAUSED
 *   check-drain      PAUSED                           (the count only)
 *   switch           PAUSED, SWITCHED                 SWITCHED
 *   check-health     SWITCHED                         (the check only)
 *   verify           SWITCHED                         FINISHED (SUCCEEDED, UNVERIFIED, HELD) or REVERTING
 *   pause (revert)   REVERTING, REVERT_PAUSED         REVERT_PAUSED
 *   check-drain      REVERT_PAUSED                    (the count only)
 *   switch (revert)  REVERT_PAUSED, REVERT_SWITCHED   REVERT_SWITCHED
 *   finish-revert    REVERT_SWITCHED                  FINISHED (REVERTED)
 *   compensate       any phase but FINISHED           FINISHED (REFUSED before a pause, else FAILED)
 * </pre>
 * A phase a step moves to is also one it follows, so a replay of the step finds its own work and changes nothing.
 */
public enum RollbackPhase {
    /** The snapshot opened the record and holds the lock. */
    SNAPSHOT,
    /** The gate is closed for the forward switch; the drain runs. */
    PAUSED,
    /** The pointer moved to the target; health is being watched. */
    SWITCHED,
    /** Verification found the target unhealthy under policy REVERT: the switch back comes next. */
    REVERTING,
    /** The gate is closed again, draining before the switch back. */
    REVERT_PAUSED,
    /** The pointer moved back. */
    REVERT_SWITCHED,
    /** The record is final (its status says how it ended); nothing moves it again. */
    FINISHED;

    /** Every phase in which the execution is still running: what compensation may close. */
    public static Set<RollbackPhase> open() {
        return EnumSet.complementOf(EnumSet.of(FINISHED));
    }
}
