package dev.flowback.core.rollback;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;

/**
 * A caught failure as Step Functions hands it over ({@code {"Error": ..., "Cause": ...}}). For a Lambda error AWS
 * gives the function's error document as a JSON string, aws-local-stepfunctions gives "{errorType}: {message}";
 * {@link #message()} digs the message out of either.
 */
public record StepFailure(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {

    /** The human part of the cause: a Lambda error document's errorMessage, or the cause as it is. */
    public String message() {
        if (cause == null || cause.isBlank()) {
            return error == null ? "unknown failure" : error;
        }
        try {
            JsonNode document = Json.MAPPER.readTree(cause);
            if (document.hasNonNull("errorMessage")) {
                return document.get("errorMessage").asText();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // Not every cause is a Lambda error document (States.Timeout, a Fail state): use it as written.
        }
        String prefix = error == null ? null : error + ": ";
        return prefix != null && cause.startsWith(prefix) ? cause.substring(prefix.length()) : cause;
    }

    /** The error name without the package, for sentences: "IntegrityException". */
    public String shortError() {
        if (error == null) {
            return "unknown error";
        }
        int dot = error.lastIndexOf('.');
        return error.startsWith("dev.flowback.") && dot >= 0 ? error.substring(dot + 1) : error;
    }
}
