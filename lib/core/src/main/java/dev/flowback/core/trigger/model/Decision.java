package dev.flowback.core.trigger.model;

import java.util.Locale;

/** What the trigger did with one delivery. Every decision is recorded and logged; STARTED and freezes announced. */
public enum Decision {
    /** Started the automatic rollback to last-known-good. */
    STARTED,
    /** This state change had already started its rollback: nothing new started. */
    DEDUPLICATED,
    /** The state change is older than the environment's last switch: it is about the version before. */
    STALE,
    /** A rollback is running, or the cooldown after the last automatic one has not passed: nothing started. */
    DAMPED,
    /** Automation is (now) frozen for the environment: nothing started; a person must look. */
    FROZEN,
    /** Not a reason to roll back (OK, INSUFFICIENT_DATA by policy, too old, already in ALARM before the switch). */
    IGNORED,
    /** The delivery could not be acted on: unreadable, an alarm with no mapping, a mapping to nothing. */
    REFUSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
