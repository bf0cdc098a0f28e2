package dev.flowback.core.error;

/**
 * The target is valid but refused by policy: it is what is already live, or it is marked BAD. Permanent; the
 * request's {@code force} flag overrides it.
 */
public class TargetRefusedException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public TargetRefusedException(String message) {
        super(message);
    }
}
