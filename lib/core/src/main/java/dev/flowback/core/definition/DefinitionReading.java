package dev.flowback.core.definition;

import java.util.List;
import java.util.Objects;

/**
 * What a format made of a document: its model; notes on what the reading had to assume (a DSL version the document
 * leaves out, taken as the engine takes it); and values that look like credentials in plain text, which publishing
 * refuses unless told otherwise. Notes and credentials are facts about the document, not meaning: they never enter
 * the fingerprint.
 */
public record DefinitionReading(WorkflowModel model, List<String> notes, List<PlaintextCredential> credentials) {
    public DefinitionReading {
        Objects.requireNonNull(model, "model");
        notes = notes == null ? List.of() : List.copyOf(notes);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }

    public static DefinitionReading of(WorkflowModel model) {
        return new DefinitionReading(model, List.of(), List.of());
    }
}
