package dev.flowback.core.error;

/**
 * A step was invoked when its execution's rollback record is not in a phase the step follows: a late delivery after
 * the execution ended, a step skipped or called out of order, a retry of a step that another already superseded.
 * Nothing was changed. Permanent: the same invocation can never become in order.
 */
public class StepOutOfOrderException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public StepOutOfOrderException(String message) {
        super(message);
    }
}
