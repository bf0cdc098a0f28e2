package dev.flowback.core.rollback;

/** The environment's admission gate: while CLOSED no new workflow instance starts. */
public enum GateState { OPEN, CLOSED }
