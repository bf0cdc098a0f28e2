package dev.flowback.core.rollback;

/** The chain's steps as the audit trail names and orders them. */
public enum ChainStep {
    SNAPSHOT(1, "snapshot"),
    VALIDATE(2, "validate"),
    PAUSE(3, "pause"),
    SWITCH(4, "switch"),
    VERIFY(5, "verify"),
    COMPENSATE(9, "compensate");

    private final int ordinal;
    private final String label;

    ChainStep(int ordinal, String label) {
        this.ordinal = ordinal;
        this.label = label;
    }

    public int order() {
        return ordinal;
    }

    public String label() {
        return label;
    }
}
