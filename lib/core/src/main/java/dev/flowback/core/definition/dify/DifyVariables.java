package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.FieldReader;
import dev.flowback.core.definition.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Environment and conversation variables, keyed by name.
 *
 * <p>Steps refer to a variable by name ({@code {{#env.API_URL#}}}, selector {@code [env, API_URL]}), so the name is
 * its identity: the model keys variables by name and drops the generated {@code id} and the derived
 * {@code selector}; the order the editor lists them in does not count.
 *
 * <p>Secrets: the snapshot is the document exactly as published, so a secret's value in the document would be a
 * secret stored in plain text. Flowback therefore refuses a document whose secret variable carries a value. Dify
 * exports secrets blank unless asked to include them, so the fix is to export again without secrets. The model keeps
 * a secret's name, type and description, never a value: the value lives in the Dify environment, and the name is
 * the reference a restore resolves there.
 */
final class DifyVariables {
    static final String SECRET = "secret";
    static final String ENVIRONMENT = "environment_variables";
    static final String CONVERSATION = "conversation_variables";

    private DifyVariables() {
    }

    static ObjectNode environment(ArrayNode list, FieldReader r) {
        return byName(list, "workflow." + ENVIRONMENT, true, r);
    }

    static ObjectNode conversation(ArrayNode list, FieldReader r) {
        return byName(list, "workflow." + CONVERSATION, false, r);
    }

    private static ObjectNode byName(ArrayNode list, String field, boolean environment, FieldReader r) {
        ObjectNode variables = Json.MAPPER.createObjectNode();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode variable = list.get(i);
            if (!variable.isObject()) {
                r.problem("field.type", at, at + " must be a mapping");
                continue;
            }
            String name = r.requiredText(variable, "name", at + ".name");
            String type = r.requiredText(variable, "value_type", at + ".value_type");
            if (name == null || type == null) {
                continue;
            }
            if (variables.has(name)) {
                r.problem("variable.duplicate-name", at + ".name", at + ".name \"" + name + "\" is already used by "
                        + "another variable in " + field);
                continue;
            }
            ObjectNode kept = ((ObjectNode) variable).deepCopy();
            kept.remove(List.of("id", "name", "selector"));
            if (environment && SECRET.equals(type)) {
                if (carriesValue(variable.get("value"))) {
                    // The message names the variable, never its value.
                    r.problem("secret.value-present", at + ".value", "environment variable \"" + name + "\" ("
                            + at + ") is a secret and the document carries its value: Flowback stores documents "
                            + "exactly as published and never stores a secret in plain text. Export the app again "
                            + "without secrets (Dify leaves secret values empty unless you choose to include them); "
                            + "the value stays in the Dify environment");
                }
                kept.remove("value");
            }
            variables.set(name, kept);
        }
        return variables;
    }

    private static boolean carriesValue(JsonNode value) {
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty());
    }

    /** Names of the secret environment variables in a model's {@code environment_variables} section. */
    static List<String> secretNames(JsonNode environmentSection) {
        if (environmentSection == null || !environmentSection.isObject()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> variable : environmentSection.properties()) {
            if (SECRET.equals(variable.getValue().path("value_type").asText())) {
                names.add(variable.getKey());
            }
        }
        return names;
    }
}
