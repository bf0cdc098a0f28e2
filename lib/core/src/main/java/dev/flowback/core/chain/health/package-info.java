/**
 * How health is judged after a switch, the same way by every probe: the signals an environment configures
 * ({@code HealthSignals}, {@code MetricIdentity}), the question a probe is asked ({@code HealthQuery}: evidence from
 * after the switch), what it answers ({@code HealthReport}, {@code HealthFinding}) and the timing rules that keep
 * pre-switch evidence from judging the target ({@code HealthRules}). Pure: no clock, no I/O.
 */
package dev.flowback.core.chain.health;
