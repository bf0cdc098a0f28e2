package dev.flowback.function.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON at the API's edge, on Flowback's strict policy (duplicate keys refused, nothing after the document, bounded
 * nesting): request bodies are read into a tree and taken apart field by field, so every refusal names its field;
 * responses are trees written once.
 */
final class ApiJson {
    static final ObjectMapper MAPPER = Json.strict().build();

    private ApiJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** The body as a JSON object; malformed JSON, a duplicate key or a non-object is refused naming the body. */
    static ObjectNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            boolean duplicate = why != null && why.startsWith("Duplicate field");
            throw new InvalidInputException(duplicate ? "json.duplicate_key" : "json.malformed", "body",
                    (duplicate ? "the body repeats a key: " : "the body is not valid JSON: ") + why);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("json.malformed", "body", "the body could not be read as JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidInputException("body.missing", "body", "a JSON object body is required");
        }
        if (!node.isObject()) {
            throw new InvalidInputException("json.type", "body", "the body must be a JSON object, got "
                    + kind(node));
        }
        return (ObjectNode) node;
    }

    /** Refuses any field of {@code object} not in {@code known}, each named with its path. */
    static void refuseUnknown(ObjectNode object, String path, Set<String> known) {
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String field = path.isEmpty() ? name : path + "." + name;
                problems.add(new InvalidInputException.Problem("field.unknown", field, "unknown field \"" + field
                        + "\" (known: " + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The object at {@code name}, or null when absent or null. */
    static ObjectNode optionalObject(ObjectNode parent, String path, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw typeError(join(path, name), "an object", value);
        }
        return (ObjectNode) value;
    }

    static String optionalText(ObjectNode parent, String path, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw typeError(join(path, name), "a string", value);
        }
        return value.asText();
    }

    static String requiredText(ObjectNode parent, String path, String name) {
        String value = optionalText(parent, path, name);
        if (value == null) {
            throw new InvalidInputException("field.missing", join(path, name), join(path, name) + " is required");
        }
        return value;
    }

    static long requiredWhole(ObjectNode parent, String path, String name, long min, long max) {
        Long value = optionalWhole(parent, path, name, min, max);
        if (value == null) {
            throw new InvalidInputException("field.missing", join(path, name), join(path, name) + " is required");
        }
        return value;
    }

    static Boolean optionalFlag(ObjectNode parent, String path, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw typeError(join(path, name), "true or false", value);
        }
        return value.asBoolean();
    }

    /** A whole number in range, or null when absent. */
    static Long optionalWhole(ObjectNode parent, String path, String name, long min, long max) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw typeError(join(path, name), "a whole number", value);
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw new InvalidInputException("field.range", join(path, name), join(path, name) + " must be between "
                    + min + " and " + max + ", was " + number);
        }
        return number;
    }

    static Double optionalNumber(ObjectNode parent, String path, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw typeError(join(path, name), "a number", value);
        }
        return value.asDouble();
    }

    static List<String> optionalTextList(ObjectNode parent, String path, String name) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw typeError(join(path, name), "an array of strings", value);
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw typeError(join(path, name) + "[" + i + "]", "a string", value.get(i));
            }
            items.add(value.get(i).asText());
        }
        return items;
    }

    static Map<String, String> optionalTextMap(ObjectNode parent, String path, String name) {
        ObjectNode value = optionalObject(parent, path, name);
        if (value == null) {
            return null;
        }
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw typeError(join(path, name) + "." + entry.getKey(), "a string", entry.getValue());
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response tree always serializes", e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static InvalidInputException typeError(String field, String wanted, JsonNode got) {
        return new InvalidInputException("field.type", field, field + " must be " + wanted + ", got " + kind(got));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "something else";
        };
    }
}
