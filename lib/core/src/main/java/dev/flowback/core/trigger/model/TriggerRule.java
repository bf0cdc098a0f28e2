package dev.flowback.core.trigger.model;

/**
 * Every rule a trigger decision can rest on, in the order the trigger applies them, each with the decision it leads
 * to and the code the decision record, its log line and docs/operations.md name it by.
 */
public enum TriggerRule {
    DELIVERY_UNREADABLE("delivery.unreadable", Decision.REFUSED),
    NO_MAPPING("mapping.none", Decision.REFUSED),
    UNKNOWN_ENVIRONMENT("mapping.unknown-environment", Decision.REFUSED),
    STATE_OK("state.ok", Decision.IGNORED),
    INSUFFICIENT_DATA("state.insufficient-data", Decision.IGNORED),
    TOO_OLD("age.too-old", Decision.IGNORED),
    FROM_THE_FUTURE("age.future", Decision.IGNORED),
    NOTHING_LIVE("nothing-live", Decision.IGNORED),
    STALE("stale", Decision.STALE),
    PREEXISTING_ALARM("preexisting-alarm", Decision.IGNORED),
    REPEAT("repeat", Decision.DEDUPLICATED),
    FROZEN("frozen", Decision.FROZEN),
    IN_PROGRESS("in-progress", Decision.DAMPED),
    COOLDOWN("cooldown", Decision.DAMPED),
    CAP("cap", Decision.FROZEN),
    ROLLBACK_OF_ROLLBACK("rollback-of-rollback", Decision.FROZEN),
    NO_GOOD_VERSION("no-good-version", Decision.IGNORED),
    ROLLBACK("rollback", Decision.STARTED);

    private final String code;
    private final Decision decision;

    TriggerRule(String code, Decision decision) {
        this.code = code;
        this.decision = decision;
    }

    public String code() {
        return code;
    }

    /** The decision this rule leads to (ROLLBACK's is DEDUPLICATED when StartExecution found the execution). */
    public Decision decision() {
        return decision;
    }
}
