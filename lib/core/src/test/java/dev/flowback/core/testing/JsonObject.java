package dev.flowback.core.testing;

import java.util.LinkedHashMap;

/**
 * A JSON object as the handler edge hands it to the core (plain Java values), built fluently in tests:
 * {@code new JsonObject().with("workflow_id", "wf-abc123").with("force", true)}.
 */
public final class JsonObject extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    public JsonObject with(String field, Object value) {
        put(field, value);
        return this;
    }
}
