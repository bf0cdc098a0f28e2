package dev.flowback.engine.gate;

/**
 * The gate could not do what was asked. {@link #retryable()} says whether the same call may succeed shortly
 * (storage throttled or unreachable) or never will as things stand (the stored bytes no longer match their hash,
 * the environment or version does not exist, an instance id Flowback cannot store).
 */
public final class GateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public GateException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
