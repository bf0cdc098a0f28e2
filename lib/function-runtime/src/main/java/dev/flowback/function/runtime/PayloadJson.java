package dev.flowback.function.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one ObjectMapper of the handlers, built once per container on Flowback's strict JSON policy: snake_case field
 * names (the state machine's input contract is {@code workflow_id}, {@code dry_run}...), absent values left out,
 * unknown fields refused, and input that does not fit reported as InvalidInputException naming the field.
 *
 * <p>This is where the step payloads meet JSON: the core's records carry typed ids, hashes and instants and know
 * nothing of Jackson; {@link PayloadModule} maps those types to their wire text, and the mix-ins below say what the
 * core's records cannot (an outcome writes every field, a failure reads Step Functions' field names).
 */
public final class PayloadJson {
    public static final ObjectMapper MAPPER = Json.strict()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new PayloadModule())
            .addMixIn(RollbackOutcome.class, OutcomeMixIn.class)
            .addMixIn(StepFailure.class, StepFailureMixIn.class)
            .build();

    private PayloadJson() {
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InvalidInputException invalid) {
                // A record's own check (an identifier, a setting) already names its field.
                throw invalid;
            }
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new InvalidInputException("input.shape", field.isEmpty() ? "input" : field,
                    (field.isEmpty() ? "the input" : field) + " does not fit " + type.getSimpleName() + ": "
                            + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("input.json", "input", "the input is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step's result always serializes", e);
        }
    }

    /**
     * Every field of an outcome, null or not: event consumers and people read one stable shape ("from_version": null
     * on a first deployment says more than a missing field). The revert ticket alone is left out when null, so no
     * event ever carries one.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    private abstract static class OutcomeMixIn {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Object revert();
    }

    /** A caught failure arrives as {@code {"Error": ..., "Cause": ...}}; the cause is decoded by FailureCause. */
    @JsonDeserialize(using = FailureCause.class)
    private abstract static class StepFailureMixIn {
    }
}
