package dev.flowback.core.error;

/** Throttling, a 5xx, a timeout: the same call may well succeed shortly. The only error class Step Functions retries
 * with backoff. */
public class TransientStorageException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public TransientStorageException(String message) {
        super(message);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
