package dev.flowback.core.error;

/**
 * In-flight instances did not drain before the environment's drain timeout and the request was not forced.
 * Permanent: the rollback is aborted, the gate reopened and the lock released.
 */
public class DrainTimeoutException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public DrainTimeoutException(String message) {
        super(message);
    }
}
