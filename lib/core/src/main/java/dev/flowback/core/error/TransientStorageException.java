package dev.flowback.core.error;

/**
 * Throttling, a 5xx, a timeout of Flowback's own storage: the same call may well succeed shortly. Step Functions
 * retries it with backoff, as it does {@link EngineUnavailableException} (the engine's side of the same rule).
 */
public class TransientStorageException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public TransientStorageException(String message) {
        super(message);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
