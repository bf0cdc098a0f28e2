package dev.flowback.core.definition.flowback;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormat;
import dev.flowback.core.definition.FieldReader;
import dev.flowback.core.definition.GraphRules;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.ModelEdge;
import dev.flowback.core.definition.ModelNode;
import dev.flowback.core.definition.ResourceRef;
import dev.flowback.core.definition.WorkflowModel;
import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.engine.VersionRange;
import dev.flowback.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flowback's own JSON definition document (schema in docs/definition-format.md):
 * <pre>{@code
 * { "schemaVersion": "1.0",
 *   "name": "support-triage", "description": "...",
 *   "engine": {"name": "flowback-engine", "version": "^2.1.0"},
 *   "nodes": [{"id": "start", "type": "start", "title": "...", "params": {...}, "position": {...}}],
 *   "edges": [{"from": "start", "to": "llm", "condition": "..."}],
 *   "resources": [{"uri": "s3://bucket/prompt.txt", "sha256": "<64 hex>"}],
 *   "env": {"KEY": "value"},
 *   "ui": {...} }
 * }</pre>
 * Editor-only keys ({@code ui}, {@code position} on nodes, and any {@code x-} key) are allowed and left out of the
 * model; any other unknown key is an error, so a typo such as {@code "egdes"} is caught rather than ignored.
 */
public final class FlowbackJsonFormat implements DefinitionFormat {
    public static final String NAME = "flowback";
    public static final Set<String> SUPPORTED_SCHEMA_VERSIONS = Set.of("1.0");
    public static final String START_NODE_TYPE = "start";

    private static final Pattern OBJECT_START = Pattern.compile("^\\uFEFF?\\s*\\{");
    private static final Pattern ENVELOPE_START = Pattern.compile("^\\uFEFF?\\s*\\{\\s*\"data\"\\s*:");
    private static final Pattern NODE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    private static final Pattern NODE_TYPE = Pattern.compile("^[A-Za-z][A-Za-z0-9._-]{0,63}$");
    private static final Set<String> TOP_LEVEL = Set.of(
            "schemaVersion", "name", "description", "engine", "nodes", "edges", "resources", "env", "ui");
    private static final Set<String> NODE_KEYS = Set.of("id", "type", "title", "params", "position", "ui");
    private static final Set<String> EDGE_KEYS = Set.of("from", "to", "condition", "ui");
    private static final Set<String> RESOURCE_KEYS = Set.of("uri", "sha256");

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Any JSON object except Dify's export-API envelope ({@code {"data": "<yaml>"}}): claiming every other object
     * means a JSON document with a mistake gets this format's precise messages instead of "unknown format".
     */
    @Override
    public boolean recognizes(byte[] document) {
        String head = new String(document, 0, Math.min(document.length, 256), StandardCharsets.UTF_8);
        return OBJECT_START.matcher(head).lookingAt() && !ENVELOPE_START.matcher(head).lookingAt();
    }

    @Override
    public WorkflowModel parse(byte[] document) {
        JsonNode root = readTree(document);
        FieldReader r = new FieldReader();
        if (!root.isObject()) {
            throw new InvalidInputException("document.shape", "definition", "the definition must be a JSON object");
        }
        r.unknownKeys(root, TOP_LEVEL, "");

        String schemaVersion = r.requiredText(root, "schemaVersion", "schemaVersion");
        if (schemaVersion != null && !SUPPORTED_SCHEMA_VERSIONS.contains(schemaVersion)) {
            r.problem("schema.unsupported", "schemaVersion", "schemaVersion \"" + schemaVersion
                    + "\" is not supported (supported: " + String.join(", ", SUPPORTED_SCHEMA_VERSIONS) + ")");
        }
        EngineRequirement engine = readEngine(root.get("engine"), r);
        List<ModelNode> nodes = readNodes(root.get("nodes"), r);
        List<ModelEdge> edges = readEdges(root.get("edges"), r);
        List<ResourceRef> resources = readResources(root.get("resources"), r);
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        readEnv(root.get("env"), r).ifPresent(env -> sections.put("env", env));
        ObjectNode about = Json.MAPPER.createObjectNode();
        if (root.has("name")) {
            about.put("name", r.optionalText(root, "name", "name", ""));
        }
        if (root.has("description")) {
            about.put("description", r.optionalText(root, "description", "description", ""));
        }
        if (!about.isEmpty()) {
            sections.put("about", about);
        }

        if (r.count() == 0) {
            r.addAll(GraphRules.check(nodes, edges, n -> START_NODE_TYPE.equals(n.type()), "nodes", "edges"));
        }
        r.throwIfAny();
        return new WorkflowModel(NAME, schemaVersion, engine, nodes, edges, resources, sections);
    }

    private static JsonNode readTree(byte[] document) {
        try {
            return Json.MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInputException("document.malformed", "definition",
                    "the definition is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("document.malformed", "definition", "the definition cannot be read: " + e);
        }
    }

    private static EngineRequirement readEngine(JsonNode engine, FieldReader r) {
        if (engine == null || !engine.isObject()) {
            r.problem("field.required", "engine", "engine is required: an object {\"name\": ..., \"version\": ...}");
            return null;
        }
        r.unknownKeys(engine, Set.of("name", "version"), "engine.");
        String name = r.requiredText(engine, "name", "engine.name");
        String range = r.requiredText(engine, "version", "engine.version");
        if (range != null && VersionRange.parse(range).isEmpty()) {
            r.problem("engine.range", "engine.version", "engine.version \"" + range
                    + "\" is not a version range (use 2.1.0, ^2.1.0, ~2.1.0, 2.x or >=2.1.0 <3.0.0)");
        }
        return name == null || range == null ? null : new EngineRequirement(name, range);
    }

    private static List<ModelNode> readNodes(JsonNode array, FieldReader r) {
        List<ModelNode> nodes = new ArrayList<>();
        if (array == null || !array.isArray() || array.isEmpty()) {
            r.problem("field.required", "nodes", "nodes is required: a non-empty array of nodes");
            return nodes;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String at = "nodes[" + i + "]";
            if (!node.isObject()) {
                r.problem("field.type", at, at + " must be an object");
                continue;
            }
            r.unknownKeys(node, NODE_KEYS, at + ".");
            String id = r.requiredText(node, "id", at + ".id");
            String type = r.requiredText(node, "type", at + ".type");
            if (id != null && !NODE_ID.matcher(id).matches()) {
                r.problem("node.id-syntax", at + ".id", at + ".id \"" + id
                        + "\" is invalid: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (type != null && !NODE_TYPE.matcher(type).matches()) {
                r.problem("node.type-syntax", at + ".type", at + ".type \"" + type
                        + "\" is invalid: a letter, then up to 63 letters, digits, '.', '_' or '-'");
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject()) {
                r.problem("field.type", at + ".params", at + ".params must be an object");
            }
            String title = r.optionalText(node, "title", at + ".title", "");
            if (id != null && type != null) {
                nodes.add(new ModelNode(id, type, title,
                        params != null && params.isObject() ? (ObjectNode) params : Json.MAPPER.createObjectNode()));
            }
        }
        return nodes;
    }

    private static List<ModelEdge> readEdges(JsonNode array, FieldReader r) {
        List<ModelEdge> edges = new ArrayList<>();
        if (array == null) {
            return edges;
        }
        if (!array.isArray()) {
            r.problem("field.type", "edges", "edges must be an array");
            return edges;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode edge = array.get(i);
            String at = "edges[" + i + "]";
            if (!edge.isObject()) {
                r.problem("field.type", at, at + " must be an object");
                continue;
            }
            r.unknownKeys(edge, EDGE_KEYS, at + ".");
            String from = r.requiredText(edge, "from", at + ".from");
            String to = r.requiredText(edge, "to", at + ".to");
            String condition = r.optionalText(edge, "condition", at + ".condition", "");
            if (from != null && to != null) {
                edges.add(new ModelEdge(from, to, condition));
            }
        }
        return edges;
    }

    private static List<ResourceRef> readResources(JsonNode array, FieldReader r) {
        List<ResourceRef> resources = new ArrayList<>();
        if (array == null) {
            return resources;
        }
        if (!array.isArray()) {
            r.problem("field.type", "resources", "resources must be an array");
            return resources;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode resource = array.get(i);
            String at = "resources[" + i + "]";
            if (!resource.isObject()) {
                r.problem("field.type", at, at + " must be an object");
                continue;
            }
            r.unknownKeys(resource, RESOURCE_KEYS, at + ".");
            String uri = r.requiredText(resource, "uri", at + ".uri");
            String sha = r.requiredText(resource, "sha256", at + ".sha256");
            if (sha != null && !ContentHash.isWellFormed(sha)) {
                r.problem("resource.hash", at + ".sha256", at + ".sha256 \"" + abbreviate(sha)
                        + "\" is malformed: a SHA-256 is 64 lower-case hex characters");
            }
            if (uri != null && !seen.add(uri)) {
                r.problem("resource.duplicate", at + ".uri", at + ".uri \"" + uri + "\" is listed twice");
            }
            if (uri != null && sha != null) {
                resources.add(new ResourceRef(uri, sha, ""));
            }
        }
        return resources;
    }

    private static java.util.Optional<JsonNode> readEnv(JsonNode env, FieldReader r) {
        if (env == null) {
            return java.util.Optional.empty();
        }
        if (!env.isObject()) {
            r.problem("field.type", "env", "env must be an object of string values");
            return java.util.Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                r.problem("field.type", "env." + e.getKey(), "env." + e.getKey() + " must be a string");
            }
        }
        return java.util.Optional.of(env);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
