package dev.flowback.core.error;

/**
 * The engine could not answer now: a 5xx, a 429, a timeout, a connection refused, a login throttled. The same call
 * may well succeed shortly, so the state machine retries it with backoff, as it does {@link TransientStorageException}.
 */
public class EngineUnavailableException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
