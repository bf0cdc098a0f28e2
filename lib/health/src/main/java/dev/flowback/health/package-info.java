/**
 * Health probes, the adapters of the core's {@code HealthProbe} port: CloudWatch alarms and metrics
 * ({@code CloudWatchHealthProbe}), an HTTP health URL ({@code HttpHealthProbe}), and the probe the check-health
 * function uses, which asks only what an environment configures ({@code EnvironmentHealthProbe}). Every probe judges
 * with the core's {@code HealthRules}.
 */
package dev.flowback.health;
