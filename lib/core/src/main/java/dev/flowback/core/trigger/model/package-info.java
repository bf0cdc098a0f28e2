/**
 * The alarm trigger's model: an alarm's state change as read from any delivery path ({@code AlarmStateChange}, or
 * {@code UnreadableDelivery}), which environment an alarm speaks for ({@code AlarmMapping}), what the trigger keeps
 * per environment to damp flapping and stop loops ({@code AutomationState}, {@code AutomationPolicy},
 * {@code AutomationFreeze}, {@code AutomaticStart}) and what it decided ({@code TriggerDecision} by a
 * {@code TriggerRule}). Plain records; no AWS, Lambda or JSON types.
 */
package dev.flowback.core.trigger.model;
