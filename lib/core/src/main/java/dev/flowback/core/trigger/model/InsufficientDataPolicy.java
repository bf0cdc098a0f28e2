package dev.flowback.core.trigger.model;

/**
 * What a transition into INSUFFICIENT_DATA does. CloudWatch enters it when data stops arriving, which is as often a
 * quiet hour or a broken metric pipeline as a broken release, so by default it starts nothing and the decision is
 * recorded; a mapping whose metric only goes silent when the workflow is down can choose to roll back.
 */
public enum InsufficientDataPolicy {
    /** Record the decision, start nothing (the default). */
    IGNORE,
    /** Treat it as ALARM. */
    ROLLBACK;

    public static final InsufficientDataPolicy DEFAULT = IGNORE;
}
