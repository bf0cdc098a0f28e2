package dev.flowback.core.error;

/**
 * Another execution holds the environment's rollback lock. Permanent for this execution: it fails fast rather
 * than queueing behind the holder, which the message names together with the lease expiry.
 */
public class RollbackInProgressException extends FlowbackException {
    private static final long serialVersionUID = 1L;
    private final String holder;
    private final String expiresAt;

    public RollbackInProgressException(String message, String holder, String expiresAt) {
        super(message);
        this.holder = holder;
        this.expiresAt = expiresAt;
    }

    /** The execution id holding the lock. */
    public String holder() {
        return holder;
    }

    /** When the holder's lease ends unless it renews it (ISO-8601). */
    public String expiresAt() {
        return expiresAt;
    }
}
