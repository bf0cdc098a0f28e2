package dev.flowback.core.rollback;

/**
 * Outgoing port: checks an environment's health once, right now. Production adapters read CloudWatch alarms and
 * metrics and call the health URL; local runs use a scripted probe whose answers the caller sets.
 * Thresholds are applied with {@link HealthRules}, so every probe judges the same way.
 */
public interface HealthProbe {
    HealthReport check(Environment environment);
}
