package dev.flowback.emulators;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The emulators' one ObjectMapper: built once, thread-safe once configured. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
