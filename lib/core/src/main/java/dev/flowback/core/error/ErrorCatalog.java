package dev.flowback.core.error;

import java.util.List;

/**
 * The one place that says which failures are transient (retried with backoff by the state machine and by
 * callers) and which are permanent (caught and routed to compensation). statemachine/rollback.asl.json and
 * docs/operations.md name the same classes; a test keeps them in step.
 */
public final class ErrorCatalog {
    /** Worth retrying: the same call may succeed shortly. */
    public static final List<Class<? extends FlowbackException>> TRANSIENT = List.of(TransientStorageException.class,
            EngineUnavailableException.class);

    /** Never retried: retrying cannot change the answer. */
    public static final List<Class<? extends FlowbackException>> PERMANENT = List.of(
            InvalidInputException.class,
            NotFoundException.class,
            VersionConflictException.class,
            DuplicateContentException.class,
            IntegrityException.class,
            RollbackInProgressException.class,
            IncompatibleTargetException.class,
            TargetRefusedException.class,
            DrainTimeoutException.class,
            LockLostException.class,
            StepOutOfOrderException.class,
            StorageFailureException.class,
            EngineRefusedException.class);

    private ErrorCatalog() {
    }

    public static boolean isTransient(Throwable error) {
        return TRANSIENT.stream().anyMatch(type -> type.isInstance(error));
    }

    /** The error name Step Functions sees for a Lambda that threw {@code type}. */
    public static String errorName(Class<? extends Throwable> type) {
        return type.getName();
    }
}
