package dev.flowback.core.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import dev.flowback.core.error.MessageBounds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads fields of a parsed document tree (JSON, or YAML turned into the same tree) and collects every broken
 * rule instead of stopping at the first, so one publish attempt reports everything that is wrong. Fields are
 * named by their path in the document ({@code nodes[3].id}, {@code workflow.graph.nodes[3].data.type}) so the
 * author can find them. Every format uses it, so the same mistake reads the same in each.
 */
public final class FieldReader {
    private final List<Problem> problems = new ArrayList<>();

    public void problem(String rule, String field, String message) {
        problems.add(new Problem(rule, field, message));
    }

    public void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    public int count() {
        return problems.size();
    }

    public List<Problem> problems() {
        return problems;
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw failure();
        }
    }

    /** Everything found so far, for a rule after which reading on makes no sense (no version, no workflow). */
    public InvalidInputException failure() {
        return new InvalidInputException(problems);
    }

    /** A non-blank text field, or null after recording why not. */
    public String requiredText(JsonNode parent, String key, String field) {
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
    public String optionalText(JsonNode parent, String key, String field, String fallback) {
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
    public ObjectNode optionalObject(JsonNode parent, String key, String field) {
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
    public ArrayNode optionalArray(JsonNode parent, String key, String field) {
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

    /**
     * Records every key of {@code object} that is neither in {@code known} nor an {@code x-} extension, so a typo
     * such as {@code "egdes"} is reported instead of silently ignored.
     */
    public void unknownKeys(JsonNode object, Set<String> known, String prefix) {
        // The known fields are listed on the first unknown key only, so the report grows no faster than the input.
        boolean listed = false;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key) && !key.startsWith("x-")) {
                String quoted = MessageBounds.printable(prefix + key);
                problem("field.unknown", quoted, "unknown field \"" + quoted + "\"" + (listed ? "" : " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ", or an x- extension)"));
                listed = true;
            }
        }
    }

    /** Unquoted ids such as 1731228343114 read as numbers; the fix is to quote them, as Dify does. */
    private static String quoteHint(JsonNode value) {
        return value.isNumber() || value.isBoolean() ? " (found " + value + "; quote it: '" + value.asText() + "')"
                : "";
    }
}
