package dev.flowback.core.trigger.model;

/** A metric alarm watches a metric (or metric math); a composite alarm combines other alarms by a rule. */
public enum AlarmKind { METRIC, COMPOSITE }
