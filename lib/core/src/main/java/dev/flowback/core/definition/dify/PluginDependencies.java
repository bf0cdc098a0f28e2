package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flowback.core.definition.FieldReader;
import dev.flowback.core.definition.ResourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's {@code dependencies} as resources. Each names a plugin by its unique identifier,
 * {@code author/name:version@sha256}, e.g. {@code langgenius/openai:0.2.8@aae2…ff16}, which becomes the resource
 * {@code plugin:langgenius/openai}, version {@code 0.2.8}, with that SHA-256.
 *
 * <p>Where Dify would fetch the plugin from (marketplace, GitHub release, uploaded package) and the
 * {@code current_identifier} an installation had are left out: the identifier and its hash already pin the content.
 */
final class PluginDependencies {
    static final String URI_PREFIX = "plugin:";
    static final String FIELD = "dependencies";

    /** Dify's plugin identifier: optional author, name, a dotted version, and an optional checksum. */
    private static final Pattern IDENTIFIER = Pattern.compile(
            "^(?:([a-z0-9_-]{1,64})/)?([a-z0-9_-]{1,255}):"
                    + "(\\d{1,4}(?:\\.\\d{1,4}){1,3}(?:-\\w{1,16})?)(?:@([a-f0-9]{64}))?$");

    private PluginDependencies() {
    }

    static List<ResourceRef> read(ArrayNode list, FieldReader r) {
        List<ResourceRef> resources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = FIELD + "[" + i + "]";
            JsonNode dependency = list.get(i);
            if (!dependency.isObject() || !dependency.path("value").isObject()) {
                r.problem("field.type", at, at
                        + " must be a mapping with a value holding the plugin's unique identifier");
                continue;
            }
            Map.Entry<String, JsonNode> identifier = identifierOf(dependency.get("value"));
            if (identifier == null) {
                r.problem("dependency.identifier", at + ".value", at + ".value names no plugin: expected a "
                        + "*plugin_unique_identifier such as langgenius/openai:0.2.8@<sha256>");
                continue;
            }
            String field = at + ".value." + identifier.getKey();
            Matcher m = IDENTIFIER.matcher(identifier.getValue().asText());
            if (!m.matches()) {
                r.problem("dependency.identifier", field, field + " \"" + abbreviate(identifier.getValue().asText())
                        + "\" is not a plugin identifier (author/name:version@<64 hex SHA-256>)");
                continue;
            }
            String uri = URI_PREFIX + (m.group(1) == null ? "" : m.group(1) + "/") + m.group(2);
            if (!seen.add(uri)) {
                r.problem("dependency.duplicate", field, field + ": " + uri + " is listed twice; an app depends on "
                        + "one version of a plugin");
                continue;
            }
            resources.add(new ResourceRef(uri, m.group(4), m.group(3)));
        }
        return resources;
    }

    /** The field ending in {@code plugin_unique_identifier}: its prefix differs by where the plugin comes from. */
    private static Map.Entry<String, JsonNode> identifierOf(JsonNode value) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (field.getKey().endsWith("plugin_unique_identifier") && field.getValue().isTextual()) {
                return field;
            }
        }
        return null;
    }

    static String pluginName(String uri) {
        return uri.startsWith(URI_PREFIX) ? uri.substring(URI_PREFIX.length()) : uri;
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
