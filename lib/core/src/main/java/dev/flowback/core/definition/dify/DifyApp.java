package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.DefinitionReading;
import dev.flowback.core.definition.FieldReader;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.ResourceRef;
import dev.flowback.core.definition.WorkflowModel;
import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the normalized model of one Dify app DSL tree. Sections of the model, by name:
 * <ul>
 *   <li>{@code app}: the app's name, mode, description and icon, as Dify shows them to users;</li>
 *   <li>{@code dsl}: the DSL version, so that a re-export by a newer Dify shows in the diff;</li>
 *   <li>{@code features}, {@code environment_variables}, {@code conversation_variables},
 *       {@code rag_pipeline_variables}, {@code notes}: when not empty (absent and empty mean the same to Dify);</li>
 *   <li>{@code document.<key>}, {@code workflow.<key>}, {@code graph.<key>}: any key this reader does not know,
 *       kept whole so a change there is shown rather than lost. Only {@code workflow.graph.viewport}, the canvas
 *       scroll and zoom, is left out.</li>
 * </ul>
 */
final class DifyApp {
    static final List<String> SUPPORTED_MODES = List.of("workflow", "advanced-chat");

    private static final Set<String> TOP_LEVEL = Set.of("app", "kind", "version", "workflow", "dependencies");
    private static final Set<String> WORKFLOW_KEYS = Set.of("graph", "features", DifyVariables.ENVIRONMENT,
            DifyVariables.CONVERSATION, "rag_pipeline_variables");
    private static final Set<String> GRAPH_KEYS = Set.of("nodes", "edges", "viewport");

    private DifyApp() {
    }

    static DefinitionReading read(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidInputException("document.shape", "definition", "the document is not a Dify app DSL: "
                    + "its top level must be a mapping with app, kind, version and workflow");
        }
        FieldReader r = new FieldReader();
        String kind = r.optionalText(root, "kind", "kind", "app");
        if (!"app".equals(kind)) {
            r.problem("dsl.kind", "kind", "kind \"" + kind
                    + "\" is not supported: Flowback reads Dify app exports (kind: app)");
        }
        Optional<DslVersion> stated = readVersion(root, r);
        DslVersion version = stated.orElse(DslVersion.ASSUMED_WHEN_ABSENT);
        ObjectNode app = readApp(root, r);
        JsonNode workflow = root.get("workflow");
        if (workflow == null || !workflow.isObject()) {
            r.problem("field.required", "workflow", "workflow is required: the document is not a Dify workflow or "
                    + "chatflow export, whose steps live under workflow.graph");
            throw r.failure();
        }
        ObjectNode graph = r.optionalObject(workflow, "graph", "workflow.graph");
        DifyGraph.Result steps = DifyGraph.read(graph, r);
        List<ResourceRef> plugins = PluginDependencies.read(r.optionalArray(root, "dependencies", "dependencies"), r);

        Map<String, JsonNode> sections = new LinkedHashMap<>();
        sections.put("app", app);
        putIfNotEmpty(sections, "features", r.optionalObject(workflow, "features", "workflow.features"));
        putIfNotEmpty(sections, DifyVariables.ENVIRONMENT, DifyVariables.environment(
                r.optionalArray(workflow, DifyVariables.ENVIRONMENT, "workflow." + DifyVariables.ENVIRONMENT), r));
        putIfNotEmpty(sections, DifyVariables.CONVERSATION, DifyVariables.conversation(
                r.optionalArray(workflow, DifyVariables.CONVERSATION, "workflow." + DifyVariables.CONVERSATION), r));
        putIfNotEmpty(sections, "rag_pipeline_variables",
                r.optionalArray(workflow, "rag_pipeline_variables", "workflow.rag_pipeline_variables"));
        putIfNotEmpty(sections, "notes", steps.notes());
        keepUnknown(root, TOP_LEVEL, "document.", sections);
        keepUnknown(workflow, WORKFLOW_KEYS, "workflow.", sections);
        keepUnknown(graph, GRAPH_KEYS, "graph.", sections);

        r.throwIfAny();
        ObjectNode dsl = Json.MAPPER.createObjectNode().put("version", version.toString());
        sections.put("dsl", dsl);
        EngineRequirement engine = version.engine(steps.usesTriggers());
        WorkflowModel model = new WorkflowModel(DifyDslFormat.NAME, version.toString(), engine, steps.nodes(),
                steps.edges(), plugins, sections);
        return new DefinitionReading(model, stated.isPresent() ? List.of() : List.of("the document states no DSL "
                + "version: read as " + version + ", the version Dify's importer assumes for an export without one"),
                List.of());
    }

    /**
     * The stated DSL version, or empty when the export states none. Dify's importer (langgenius/dify,
     * api/services/app_dsl_service.py, {@code AppDslService.import_app}: {@code if not data.get("version"):
     * data["version"] = "0.1.0"}) takes a missing or falsy version as 0.1.0, its oldest DSL, so Flowback does too.
     */
    private static Optional<DslVersion> readVersion(JsonNode root, FieldReader r) {
        JsonNode value = root.get("version");
        if (isFalsy(value)) {
            return Optional.empty();
        }
        DslVersion version = value.isTextual() ? DslVersion.parse(value.asText()).orElse(null) : null;
        if (version == null || !version.supported()) {
            r.problem("dsl.unsupported-version", "version", "version " + value + " is not a supported Dify DSL "
                    + "version (supported: " + DslVersion.supportedList() + ")");
            throw r.failure();
        }
        return Optional.of(version);
    }

    /** Python's truth test, which {@code data.get("version")} goes through: absent, None, "", 0, False, [], {}. */
    private static boolean isFalsy(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isTextual()) {
            return value.asText().isEmpty();
        }
        if (value.isContainerNode()) {
            return value.isEmpty();
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        return value.isNumber() && value.decimalValue().signum() == 0;
    }

    /** The whole {@code app} mapping counts: name, description and icon are what users see of the app. */
    private static ObjectNode readApp(JsonNode root, FieldReader r) {
        JsonNode app = root.get("app");
        if (app == null || !app.isObject()) {
            r.problem("field.required", "app", "app is required: a mapping with the app's name and mode");
            return Json.MAPPER.createObjectNode();
        }
        String mode = r.requiredText(app, "mode", "app.mode");
        if (mode != null && !SUPPORTED_MODES.contains(mode)) {
            r.problem("dsl.unsupported-mode", "app.mode", "app.mode \"" + mode + "\" is not supported: Flowback "
                    + "versions apps defined by a graph (supported: " + String.join(", ", SUPPORTED_MODES) + ")");
        }
        return (ObjectNode) app;
    }

    private static void putIfNotEmpty(Map<String, JsonNode> sections, String name, JsonNode value) {
        if (!value.isEmpty()) {
            sections.put(name, value);
        }
    }

    private static void keepUnknown(JsonNode parent, Set<String> known, String prefix, Map<String, JsonNode> sections) {
        for (Map.Entry<String, JsonNode> field : parent.properties()) {
            if (!known.contains(field.getKey())) {
                sections.put(prefix + field.getKey(), field.getValue());
            }
        }
    }
}
