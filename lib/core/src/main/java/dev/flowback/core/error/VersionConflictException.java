package dev.flowback.core.error;

/** A conditional write lost: the version id is taken, or the state moved on since it was read. Permanent for this
 * request. */
public class VersionConflictException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public VersionConflictException(String message) {
        super(message);
    }

    public VersionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
