package dev.flowback.core.error;

/**
 * The target cannot run in the environment: its engine requirement is outside the environment's engine major
 * version, or its format reports something the move from the live version would break. Permanent.
 */
public class IncompatibleTargetException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public IncompatibleTargetException(String message) {
        super(message);
    }
}
