package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.CompatibilityFinding;
import dev.flowback.core.definition.DefinitionFormat;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.DefinitionReading;
import dev.flowback.core.definition.ModelNode;
import dev.flowback.core.definition.WorkflowModel;
import java.util.List;

/**
 * Dify's app DSL as Flowback reads it (docs/dify.md): a YAML export, or the export API's JSON envelope
 * {@code {"data": "<yaml>"}}, of a {@code workflow} or {@code advanced-chat} app, DSL versions 0.1.x to 0.6.x (an
 * export without a version is 0.1.0, as Dify's importer takes it, and the reading notes so).
 *
 * <p>The bytes as published stay the snapshot; this format only derives the model: steps (id, type, title, settings
 * without canvas state), edges (source, target, branch handles), plugins as resources, the engine range the DSL
 * version implies, and the app's features, variables and notes as sections. Secret environment variables must
 * arrive blank: the model records their names only. Other values that look like credentials are pointed out
 * ({@link DifyCredentials}) for publishing to refuse.
 */
public final class DifyDslFormat implements DefinitionFormat {
    public static final String NAME = "dify";

    /** DSL versions read, by generation. */
    public static final List<String> SUPPORTED_VERSIONS = DslVersion.SUPPORTED;

    /** App modes read: those whose definition is a graph. Chat, agent-chat and completion apps are refused. */
    public static final List<String> SUPPORTED_MODES = DifyApp.SUPPORTED_MODES;

    @Override
    public String name() {
        return NAME;
    }

    /** The export envelope, or YAML with a top-level {@code app:}, {@code workflow:} or {@code kind: app}. */
    @Override
    public boolean recognizes(byte[] document) {
        return DslSource.looksLikeDify(document);
    }

    @Override
    public WorkflowModel parse(byte[] document) {
        return read(document).model();
    }

    /**
     * Notes a DSL version taken as Dify takes it when the export states none, and points out plaintext credentials
     * anywhere in the document, canvas included: the snapshot holds every byte, not only the model.
     */
    @Override
    public DefinitionReading read(byte[] document) {
        // Formats can be called by name, bypassing DefinitionFormats.parse: the size check must hold here too.
        DefinitionFormats.checkSize(document.length);
        JsonNode root = SafeYaml.read(DslSource.of(document));
        DefinitionReading reading = DifyApp.read(root);
        return new DefinitionReading(reading.model(), reading.notes(), DifyCredentials.find(root));
    }

    /** A plugin the live version pins that the target lacks; a secret the live version has that the target lacks. */
    @Override
    public List<CompatibilityFinding> compatibilityFindings(WorkflowModel live, WorkflowModel target) {
        return RollbackFindings.between(live, target);
    }

    /** If-else cases and classifier classes as Dify's canvas labels them: IF, CASE 2, ELSE, CLASS 1. */
    @Override
    public String branchLabel(ModelNode source, String condition) {
        return DifyBranches.label(source, condition);
    }

    @Override
    public List<String> secretNames(WorkflowModel model) {
        return DifyVariables.secretNames(model.sections().get(DifyVariables.ENVIRONMENT));
    }

    /**
     * The YAML text Dify's importer takes ({@code yaml_content}) for published bytes of this format: the bytes
     * themselves as UTF-8 (less a byte-order mark), or the YAML inside the export API's {@code {"data": ...}}
     * envelope, which is transport only.
     */
    public static String importableYaml(byte[] published) {
        return DslSource.of(published).text();
    }
}
