package dev.flowback.emulators;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The emulators' one ObjectMapper, on Flowback's strict JSON policy (duplicate keys refused, bounded nesting):
 * what the emulators hand back is read as strictly as what the functions read.
 */
final class Json {

    static final ObjectMapper MAPPER = dev.flowback.core.definition.Json.strict().build();

    private Json() {
    }
}
