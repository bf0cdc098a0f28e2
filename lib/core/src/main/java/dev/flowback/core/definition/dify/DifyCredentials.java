package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.PlaintextCredential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds values in a Dify DSL that look like credentials written in plain text, anywhere in the document (the
 * snapshot keeps every byte, canvas included). Three rules, each naming what holds the value and its path, never
 * the value:
 * <ul>
 *   <li>Dify's credential fields: an HTTP request's {@code authorization.config.api_key} (Dify exports it as typed,
 *       secrets or not), and the {@code Authorization} header in its {@code headers} or {@code params} lines;</li>
 *   <li>well-known key formats in any text ({@link CredentialPatterns#knownFormat});</li>
 *   <li>a long random-looking value in a field named like a credential: {@code api_key}, {@code token},
 *       {@code DB_PASSWORD} (a variable's own name counts), including headers named so.</li>
 * </ul>
 * Secret environment variables are left to their own rule ({@link DifyVariables}): their value must be blank.
 */
final class DifyCredentials {
    private static final String HTTP_REQUEST = "http-request";
    private static final Set<String> AUTHORIZATION_HEADERS = Set.of("authorization", "proxy-authorization");
    /** The scheme before a credential in an Authorization header. */
    private static final Pattern SCHEME = Pattern.compile("(?i)^\\s*(?:bearer|basic|token|bot|apikey)\\s+");
    private static final String SECRET_VARIABLE_REMEDY = "Move the value into a secret environment variable "
            + "(value_type: secret; Dify exports it blank) and refer to it here as {{#env.NAME#}}, then export again";

    private final Map<String, PlaintextCredential> found = new LinkedHashMap<>();

    private DifyCredentials() {
    }

    static List<PlaintextCredential> find(JsonNode root) {
        DifyCredentials scan = new DifyCredentials();
        scan.walk(root, "", "the document", null);
        return List.copyOf(scan.found.values());
    }

    /** {@code name} is what the value goes by: its key, or the name of what it is the value of. */
    private void walk(JsonNode value, String path, String where, String name) {
        if (value.isTextual()) {
            check(value.asText(), path, where, name);
        } else if (value.isObject()) {
            value.properties().forEach(e -> walk(e.getValue(), child(path, e.getKey()), where,
                    nameOf(e.getKey(), value, name)));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                String at = path + "[" + i + "]";
                JsonNode item = value.get(i);
                Optional<String> holder = holderOf(at, item);
                if (isSecretVariable(at, item)) {
                    continue;
                }
                if (holder.isPresent() && HTTP_REQUEST.equals(item.path("data").path("type").asText())) {
                    httpRequest(item.path("data"), at + ".data", holder.get());
                }
                walk(item, at, holder.orElse(where), name);
            }
        }
    }

    private void check(String text, String path, String where, String name) {
        Optional<String> kind = CredentialPatterns.knownFormat(text);
        if (kind.isEmpty() && name != null && CredentialPatterns.isCredentialName(name)
                && CredentialPatterns.looksRandom(text)) {
            kind = Optional.of("what looks like a credential (a long random value named " + name + ")");
        }
        kind.ifPresent(k -> add(where, path, k));
    }

    /** Dify's HTTP request node: its authorization settings and its header and query lines. */
    private void httpRequest(JsonNode data, String path, String where) {
        JsonNode auth = data.path("authorization");
        String apiKey = auth.path("config").path("api_key").asText("");
        if ("api-key".equals(auth.path("type").asText()) && !CredentialPatterns.literal(apiKey).isBlank()) {
            add(where, path + ".authorization.config.api_key", "the API key of its authorization ("
                    + auth.path("config").path("type").asText("api-key") + ")");
        }
        for (String lines : List.of("headers", "params")) {
            if (data.path(lines).isTextual()) {
                keyValueLines(data.path(lines).asText(), path + "." + lines, where);
            }
        }
    }

    /** Dify writes an HTTP request's headers and params as {@code name:value} lines. */
    private void keyValueLines(String text, String path, String where) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1);
            boolean authorization = AUTHORIZATION_HEADERS.contains(name.toLowerCase(Locale.ROOT));
            String credential = authorization ? SCHEME.matcher(value).replaceFirst("") : value;
            if (authorization && !CredentialPatterns.literal(credential).isBlank()
                    || CredentialPatterns.isCredentialName(name) && CredentialPatterns.looksRandom(credential)) {
                add(where, path, "a credential in its " + name + " line");
            }
        }
    }

    /** What people call the thing at this list entry: a step by its title, a variable by its name. */
    private static Optional<String> holderOf(String at, JsonNode item) {
        if (at.startsWith(DifyGraph.NODES + "[") && at.indexOf('[') == at.lastIndexOf('[')) {
            String title = item.path("data").path("title").asText("");
            String id = item.path("id").asText("?");
            return Optional.of(title.isEmpty() ? "node " + id : "node \"" + title + "\" (" + id + ")");
        }
        for (String list : List.of(DifyVariables.ENVIRONMENT, DifyVariables.CONVERSATION)) {
            if (at.startsWith("workflow." + list + "[") && at.indexOf('[') == at.lastIndexOf('[')) {
                String kind = list.equals(DifyVariables.ENVIRONMENT) ? "environment" : "conversation";
                return Optional.of(kind + " variable \"" + item.path("name").asText("?") + "\"");
            }
        }
        return Optional.empty();
    }

    private static boolean isSecretVariable(String at, JsonNode item) {
        return at.startsWith("workflow." + DifyVariables.ENVIRONMENT + "[")
                && DifyVariables.SECRET.equals(item.path("value_type").asText());
    }

    /**
     * The name a value goes by: its key, or for Dify's {@code value} and {@code default} entries the name of what
     * they belong to: a variable's {@code name} or {@code variable}, or the key a {@code {type, value}} input sits
     * under ({@code tool_parameters.api_key.value} goes by {@code api_key}).
     */
    private static String nameOf(String key, JsonNode parent, String parentName) {
        if (!"value".equals(key) && !"default".equals(key)) {
            return key;
        }
        for (String owner : List.of("name", "variable")) {
            if (parent.path(owner).isTextual()) {
                return parent.path(owner).asText();
            }
        }
        return parentName;
    }

    private void add(String where, String path, String kind) {
        String remedy = where.startsWith("environment variable") ? "Make it a secret variable (value_type: secret) "
                + "and export again without secrets; Dify keeps the value" : SECRET_VARIABLE_REMEDY;
        found.putIfAbsent(path, new PlaintextCredential(where, path, kind, remedy));
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
