package dev.flowback.core.chain.port;

import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;

/**
 * Outgoing port: checks an environment's health once, right now, on evidence from after the switch (see
 * {@link HealthQuery}). Production adapters read CloudWatch alarms and metrics and call the health URL; local runs
 * use a scripted probe whose answers the caller sets. Thresholds and the alarm timing rules are applied with
 * {@link HealthRules}, so every probe judges the same way.
 */
public interface HealthProbe {
    HealthReport check(HealthQuery query);
}
