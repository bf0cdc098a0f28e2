package dev.flowback.core.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Flowback's one JSON policy, and the core's mapper for definitions. Every mapper in the project (definitions here,
 * step payloads at the handler edge, the emulators' exchanges) starts from {@link #strict()}, so all read JSON with
 * the same strictness. Mappers are costly to build and safe to share: each is built once.
 */
public final class Json {
    /** The deepest nesting any JSON Flowback reads may have. */
    public static final int MAX_NESTING = 200;

    /** Definitions: the strict policy, and map entries ordered by key so a model serializes one way only. */
    public static final ObjectMapper MAPPER = strict()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /**
     * Strict where strictness protects: duplicate keys are an error (two values for one key would let a reviewer see
     * one and the engine use the other), nothing may follow the document, and nesting is bounded.
     */
    public static JsonMapper.Builder strict() {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
