package dev.flowback.core.error;

/**
 * Health after the switch was not good enough. Verification applies the environment's verify-failure policy
 * once and then ends the execution with this error name; it is never retried.
 */
public class HealthCheckFailedException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public HealthCheckFailedException(String message) {
        super(message);
    }
}
