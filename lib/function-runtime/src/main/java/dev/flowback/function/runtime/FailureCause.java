package dev.flowback.function.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.payload.StepFailure;
import java.io.IOException;

/**
 * Reads a caught failure as Step Functions hands it over, {@code {"Error": ..., "Cause": ...}}, into the core's
 * {@link StepFailure}: the error name, and the human part of the cause. For a Lambda error AWS gives the function's
 * error document as a JSON string ({@code {"errorType": ..., "errorMessage": ...}}), aws-local-stepfunctions gives
 * "{errorType}: {message}", and a Fail state or States.Timeout gives plain text; the message is dug out of each.
 */
public final class FailureCause extends JsonDeserializer<StepFailure> {
    @Override
    public StepFailure deserialize(JsonParser in, DeserializationContext context) throws IOException {
        JsonNode failure = context.readTree(in);
        String error = failure.path("Error").isTextual() ? failure.get("Error").asText() : null;
        String cause = failure.path("Cause").isTextual() ? failure.get("Cause").asText() : null;
        return new StepFailure(error, message(error, cause));
    }

    /** The human part of a cause: a Lambda error document's errorMessage, the text after "{error}: ", or the cause. */
    public static String message(String error, String cause) {
        if (cause == null || cause.isBlank()) {
            return null;
        }
        try {
            JsonNode document = PayloadJson.MAPPER.readTree(cause);
            if (document.hasNonNull("errorMessage")) {
                return document.get("errorMessage").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // Not every cause is a Lambda error document (States.Timeout, a Fail state): use it as written.
        }
        String prefix = error == null ? null : error + ": ";
        return prefix != null && cause.startsWith(prefix) ? cause.substring(prefix.length()) : cause;
    }
}
