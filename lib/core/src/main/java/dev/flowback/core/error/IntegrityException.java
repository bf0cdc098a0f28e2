package dev.flowback.core.error;

/** Stored bytes no longer hash to the SHA-256 recorded at publish time. Permanent: never retried, never read silently.
 * */
public class IntegrityException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
