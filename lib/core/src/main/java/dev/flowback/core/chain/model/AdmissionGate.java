package dev.flowback.core.chain.model;

import java.time.Instant;

/** The gate and, while it is closed, which execution closed it and when (the start of its drain). */
public record AdmissionGate(GateState state, String closedBy, Instant closedAt) {
    public static final AdmissionGate OPEN = new AdmissionGate(GateState.OPEN, null, null);

    public boolean isClosed() {
        return state == GateState.CLOSED;
    }
}
