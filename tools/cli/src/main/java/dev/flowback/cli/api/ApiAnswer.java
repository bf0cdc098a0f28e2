package dev.flowback.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the API answered: the status, the headers and the body as text (JSON unless a diff was asked as text). */
public record ApiAnswer(int status, Map<String, List<String>> headers, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the API answered " + status + " with a body that is not JSON: "
                    + (body.length() > 200 ? body.substring(0, 200) + "…" : body), e);
        }
    }

    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(h -> h.getValue().get(0)).findFirst();
    }

    /** The error object of a refusal ({@code {"error": {"code", "message", "field"}}}), or empty. */
    public Optional<JsonNode> error() {
        if (ok() || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode error = Json.MAPPER.readTree(body).get("error");
            return Optional.ofNullable(error).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
