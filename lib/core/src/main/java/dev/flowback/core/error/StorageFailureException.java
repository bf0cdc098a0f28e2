package dev.flowback.core.error;

/**
 * The storage service refused a request for a reason retrying cannot change: access denied, a missing table or
 * bucket, a malformed request. Permanent; the message names the operation and the service's own error.
 */
public class StorageFailureException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public StorageFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
