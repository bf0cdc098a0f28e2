package dev.flowback.emulators;

/** Thrown by test handlers for an error the state machine catches and compensates. */
public class PermanentTestFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PermanentTestFailure(String message) {
        super(message);
    }
}
