package dev.flowback.core.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One value that differs, located by a JSON Pointer (RFC 6901) relative to what owns it. A missing
 * {@code oldValue} means added, a missing {@code newValue} means removed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValueChange(String path, JsonNode oldValue, JsonNode newValue) {
    public boolean added() {
        return oldValue == null;
    }

    public boolean removed() {
        return newValue == null;
    }
}
