package dev.flowback.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The testkit's one ObjectMapper: built once, thread-safe once configured. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
