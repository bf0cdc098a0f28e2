package dev.flowback.core.chain.model;

/** The environment's admission gate: while CLOSED no new workflow instance starts. */
public enum GateState { OPEN, CLOSED }
