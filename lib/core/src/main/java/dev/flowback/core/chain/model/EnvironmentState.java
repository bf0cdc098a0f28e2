package dev.flowback.core.chain.model;

/** One environment as stored: configuration, pointer, gate and lock, all in one item so one write covers them. */
public record EnvironmentState(Environment environment, ActivePointer pointer, AdmissionGate gate, RollbackLock lock) {
}
