package dev.flowback.core.error;

/** Something named by the request does not exist: a workflow, a version, an environment. Permanent. */
public class NotFoundException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
