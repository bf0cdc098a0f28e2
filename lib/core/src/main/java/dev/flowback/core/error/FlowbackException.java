package dev.flowback.core.error;

/**
 * Root of Flowback's small, flat set of failures. Each subclass is a top-level class (never nested) because
 * Step Functions matches a Lambda error by the exception's fully-qualified class name, and a nested class
 * would put a {@code $} into that name. {@link ErrorCatalog} says which of them are worth retrying.
 */
public abstract class FlowbackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Bounded here, once, so no failure can carry a cause past what Step Functions keeps (see MessageBounds).
    protected FlowbackException(String message) {
        super(MessageBounds.cap(message, MessageBounds.MAX_CAUSE));
    }

    protected FlowbackException(String message, Throwable cause) {
        super(MessageBounds.cap(message, MessageBounds.MAX_CAUSE), cause);
    }
}
