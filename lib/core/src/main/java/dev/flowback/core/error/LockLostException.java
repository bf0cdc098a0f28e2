package dev.flowback.core.error;

/**
 * This execution no longer holds the rollback lock it took (its lease expired and another execution took the
 * lock, so the fencing token moved on). Permanent: a step that lost the lock must not write.
 */
public class LockLostException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public LockLostException(String message) {
        super(message);
    }
}
