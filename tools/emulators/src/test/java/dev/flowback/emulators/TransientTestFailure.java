package dev.flowback.emulators;

/** Thrown by test handlers for an error the state machine retries. Top-level: a '$' would end up in the error name. */
public class TransientTestFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransientTestFailure(String message) {
        super(message);
    }
}
