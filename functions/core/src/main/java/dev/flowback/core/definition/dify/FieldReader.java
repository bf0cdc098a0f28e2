package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of the DSL tree and collects every broken rule instead of stopping at the first, so one publish
 * attempt reports everything that is wrong. Fields are named by their path in the DSL
 * ({@code workflow.graph.nodes[3].data.type}) so the author can find them.
 */
final class FieldReader {
    private final List<Problem> problems = new ArrayList<>();

    void problem(String rule, String field, String message) {
        problems.add(new Problem(rule, field, message));
    }

    void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    int count() {
        return problems.size();
    }

    List<Problem> problems() {
        return problems;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw failure();
        }
    }

    /** Everything found so far, for a rule after which reading on makes no sense (no version, no workflow). */
    InvalidInputException failure() {
        return new InvalidInputException(problems);
    }

    /** A non-blank text field, or null after recording why not. */
    String requiredText(JsonNode parent, String key, String field) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            problem("field.required", field, field + " is required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem("field.type", field, field + " must be non-empty text" + quoteHint(value));
            return null;
        }
        return value.asText();
    }

    /** A text field that may be absent or null (then {@code fallback}). */
    String optionalText(JsonNode parent, String key, String field, String fallback) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problem("field.type", field, field + " must be text" + quoteHint(value));
            return fallback;
        }
        return value.asText();
    }

    /** A mapping that may be absent or null (then empty). */
    ObjectNode optionalObject(JsonNode parent, String key, String field) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!value.isObject()) {
            problem("field.type", field, field + " must be a mapping");
            return Json.MAPPER.createObjectNode();
        }
        return (ObjectNode) value;
    }

    /** A list that may be absent or null (then empty). */
    ArrayNode optionalArray(JsonNode parent, String key, String field) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return Json.MAPPER.createArrayNode();
        }
        if (!value.isArray()) {
            problem("field.type", field, field + " must be a list");
            return Json.MAPPER.createArrayNode();
        }
        return (ArrayNode) value;
    }

    /** Unquoted ids such as 1731228343114 read as numbers; the fix is to quote them, as Dify does. */
    private static String quoteHint(JsonNode value) {
        return value.isNumber() || value.isBoolean() ? " (found " + value + "; quote it: '" + value.asText() + "')" : "";
    }
}
