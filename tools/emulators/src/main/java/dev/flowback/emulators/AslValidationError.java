package dev.flowback.emulators;

/** asl-validator rejected a state machine definition; the message carries its report. */
public final class AslValidationError extends AssertionError {

    private static final long serialVersionUID = 1L;

    public AslValidationError(String message) {
        super(message);
    }
}
