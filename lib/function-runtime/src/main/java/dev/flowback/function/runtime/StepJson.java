package dev.flowback.function.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowback.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one ObjectMapper of the handlers, built once per container: snake_case field names (the state machine's input
 * contract is {@code workflow_id}, {@code dry_run}...), absent values left out, unknown fields refused, and input
 * that does not fit reported as InvalidInputException naming the field.
 */
public final class StepJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private StepJson() {
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
}
