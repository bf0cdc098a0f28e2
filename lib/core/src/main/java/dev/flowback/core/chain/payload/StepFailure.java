package dev.flowback.core.chain.payload;

/**
 * A caught failure as Step Functions hands it over ({@code {"Error": ..., "Cause": ...}}), decoded at the handler
 * edge: the error name, and the human part of the cause (a Lambda error document's errorMessage, or the cause as
 * written when it is not one).
 */
public record StepFailure(String error, String message) {
    public static final String UNKNOWN = "Flowback.UnknownFailure";

    public StepFailure {
        error = error == null || error.isBlank() ? UNKNOWN : error;
        message = message == null || message.isBlank() ? error : message;
    }

    /** The error name without the package, for sentences: "IntegrityException". */
    public String shortError() {
        int dot = error.lastIndexOf('.');
        return error.startsWith("dev.flowback.") && dot >= 0 ? error.substring(dot + 1) : error;
    }
}
