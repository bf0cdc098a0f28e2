/**
 * The alarm trigger: an alarm's state change, from whichever path delivered it, becomes at most one automatic
 * rollback of the environment the alarm maps to, to last-known-good, and never a worse state. {@code AlarmTrigger}
 * decides by its rules (freshness, staleness against the last switch, repeats, damping, freezes, holds) and acts;
 * {@code AutomationControls} is what people use: alarm mappings, the damping policy, lifting a freeze or a hold, and
 * the record of decisions. It builds on the chain's model and ports; the chain knows nothing of it.
 */
package dev.flowback.core.trigger;
