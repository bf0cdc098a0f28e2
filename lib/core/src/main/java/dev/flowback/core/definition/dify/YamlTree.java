package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns what snakeyaml loaded into a Jackson tree, value by value, refusing what JSON cannot hold (binary, sets,
 * infinities, dates, non-text keys) and the two ways aliases abuse a reader: a structure that contains itself, and a
 * small document whose aliases expand it many times over.
 */
final class YamlTree {
    private final DslSource source;
    private final long budget;
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private long spent;

    private YamlTree(DslSource source) {
        this.source = source;
        this.budget = expansionBudget(source.text().length());
    }

    /**
     * How much tree (one unit per value plus one per character of text) a document of {@code length} characters
     * may produce. Without aliases a document never produces more than its own length; twice that, plus slack for
     * tiny documents, leaves room for honest anchors and none for a YAML bomb.
     */
    static long expansionBudget(int length) {
        return 2L * length + 64 * 1024;
    }

    static JsonNode toJson(Object loaded, DslSource source) {
        return new YamlTree(source).convert(loaded, "");
    }

    private JsonNode convert(Object value, String path) {
        spend(1);
        JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof String text) {
            spend(text.length());
            return nodes.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof Integer || value instanceof Long) {
            return nodes.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return nodes.numberNode(big);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw unsupported(path, "is " + d + "; JSON, and so Dify, has no infinities or NaN");
            }
            return nodes.numberNode(d);
        }
        if (value instanceof BigDecimal decimal) {
            return nodes.numberNode(decimal);
        }
        if (value instanceof PyYamlSchema.Timestamp timestamp) {
            throw unsupported(path, "is " + timestamp + ", which Dify's YAML reader (PyYAML, YAML 1.1) turns into a "
                    + "date that a workflow cannot hold; quote it ('" + timestamp + "') to keep it as text");
        }
        if (value instanceof PyYamlSchema.PlainEquals) {
            throw unsupported(path, "is a plain =, which Dify's YAML reader (PyYAML) cannot read as a value; "
                    + "quote it ('=')");
        }
        if (value instanceof Map<?, ?> map) {
            return enter(map, path, () -> object(map, path));
        }
        if (value instanceof List<?> list) {
            return enter(list, path, () -> array(list, path));
        }
        throw unsupported(path, "is a YAML " + kindOf(value) + ", which JSON cannot hold; a Dify DSL uses only "
                + "mappings, lists, text, numbers, booleans and null");
    }

    private ObjectNode object(Map<?, ?> map, String path) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            // PyYAML makes a plain = text when it is a key (flatten_mapping), though not when it is a value.
            Object name = entry.getKey() instanceof PyYamlSchema.PlainEquals ? "=" : entry.getKey();
            if (!(name instanceof String key)) {
                // Python would turn 1 into "1" and True into "true"; quietly doing the same could merge two keys.
                throw new InvalidInputException("yaml.key-type", field(path), "key " + entry.getKey() + " in "
                        + where(path) + " is not text; quote it (for example '" + entry.getKey() + "')");
            }
            spend(key.length());
            object.set(key, convert(entry.getValue(), path.isEmpty() ? key : path + "." + key));
        }
        return object;
    }

    private ArrayNode array(List<?> list, String path) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (int i = 0; i < list.size(); i++) {
            array.add(convert(list.get(i), path + "[" + i + "]"));
        }
        return array;
    }

    private JsonNode enter(Object collection, String path, Supplier<JsonNode> body) {
        if (!open.add(collection)) {
            throw new InvalidInputException("yaml.recursive", field(path), where(path) + " contains itself through "
                    + "an alias (an anchor &name used inside its own value); a definition must be a finite tree");
        }
        try {
            return body.get();
        } finally {
            open.remove(collection);
        }
    }

    private void spend(long units) {
        spent += units;
        if (spent > budget) {
            throw SafeYaml.aliasAbuse(source, "expands through aliases to more than twice its own size");
        }
    }

    private InvalidInputException unsupported(String path, String what) {
        return new InvalidInputException("yaml.value-type", field(path), "the value at " + where(path) + " " + what);
    }

    private String field(String path) {
        return path.isEmpty() ? source.field() : path;
    }

    private static String where(String path) {
        return path.isEmpty() ? "the top level" : path;
    }

    private static String kindOf(Object value) {
        if (value instanceof byte[]) {
            return "binary value (!!binary)";
        }
        if (value instanceof Set<?>) {
            return "set (!!set)";
        }
        return "value of type " + value.getClass().getSimpleName();
    }
}
