package dev.flowback.core.definition;

import dev.flowback.core.error.InvalidInputException;
import java.util.List;

/**
 * A document format Flowback understands. A format reads the bytes as published and derives the normalized
 * {@link WorkflowModel}; it never rewrites the bytes. Add a format by implementing this and listing it in
 * {@link DefinitionFormats#standard()}.
 */
public interface DefinitionFormat {
    /** Short stable name stored with every version ({@code flowback}, {@code dify}). */
    String name();

    /** A cheap look at the first bytes: could this document be in this format? */
    boolean recognizes(byte[] document);

    /**
     * Parses and validates. Every broken rule is reported at once, each with the rule, the field and a sentence.
     *
     * @throws InvalidInputException when the document is malformed or breaks a rule
     */
    WorkflowModel parse(byte[] document);

    /**
     * Parses, notes what the reading assumed, and points out values that look like plaintext credentials (see
     * {@link DefinitionReading}). A format that assumes nothing and knows no credential fields need not override it.
     *
     * @throws InvalidInputException when the document is malformed or breaks a rule
     */
    default DefinitionReading read(byte[] document) {
        return DefinitionReading.of(parse(document));
    }

    /**
     * What moving from {@code live} to {@code target} would break that validation of the target alone cannot
     * see (a plugin the live version needs and the target lacks, a secret the live version has). Empty by default.
     */
    default List<CompatibilityFinding> compatibilityFindings(WorkflowModel live, WorkflowModel target) {
        return List.of();
    }

    /**
     * The names of the secrets the definition declares (never their values). Recorded with each version at publish
     * time, so a rollback can refuse to drop a live secret even when the live version's bytes cannot be read.
     */
    default List<String> secretNames(WorkflowModel model) {
        return List.of();
    }

    /**
     * How people know the branch an edge leaves {@code source} by, for diffs; the model keeps the condition as
     * written. By default the condition itself; an editor that shows branches by another name (Dify's if-else shows
     * "CASE 1" and "ELSE" for case ids and {@code false}) overrides it.
     *
     * @param source the edge's source node, or null when the model has none by that id
     */
    default String branchLabel(ModelNode source, String condition) {
        return condition;
    }
}
