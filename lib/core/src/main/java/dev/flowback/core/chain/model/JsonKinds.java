package dev.flowback.core.chain.model;

import java.util.List;
import java.util.Map;

/** Names the JSON kind of a decoded value for messages ("got a number"), without the JSON library's types. */
final class JsonKinds {
    private JsonKinds() {
    }

    static String of(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return "null";
    }
}
