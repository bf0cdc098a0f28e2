package dev.flowback.core.chain.payload;

import dev.flowback.core.error.MessageBounds;

/**
 * A caught failure as Step Functions hands it over ({@code {"Error": ..., "Cause": ...}}), decoded at the handler
 * edge: the error name, and the human part of the cause (a Lambda error document's errorMessage, or the cause as
 * written when it is not one).
 */
public record StepFailure(String error, String message) {
    public static final String UNKNOWN = "Flowback.UnknownFailure";
    /**
     * The error name of an execution that ended without finishing its chain: stopped from the console or the API,
     * timed out as a whole, or killed, so no Catch ran. Its record is closed by the reaper (the execution's status
     * change event) or by the next execution that takes its expired lock over.
     */
    public static final String EXECUTION_ENDED = "Flowback.ExecutionEnded";

    public StepFailure {
        error = error == null || error.isBlank() ? UNKNOWN : MessageBounds.cap(error, MessageBounds.MAX_QUOTED * 4);
        // Causes from outside Flowback (the Lambda service, a Fail state) are bounded here, as ours are at the source.
        message = message == null || message.isBlank() ? error : MessageBounds.cap(message, MessageBounds.MAX_CAUSE);
    }

    /** The error name without the package, for sentences: "IntegrityException". */
    public String shortError() {
        int dot = error.lastIndexOf('.');
        return error.startsWith("dev.flowback.") && dot >= 0 ? error.substring(dot + 1) : error;
    }
}
