package dev.flowback.core.definition;

import java.util.List;
import java.util.Objects;

/**
 * What a format made of a document: its model, and notes on what the reading had to assume (a DSL version the
 * document leaves out, taken as the engine takes it). Notes are facts about the reading, not meaning: they never
 * enter the fingerprint, and they are recorded with the version so nobody mistakes an assumption for a statement.
 */
public record DefinitionReading(WorkflowModel model, List<String> notes) {
    public DefinitionReading {
        Objects.requireNonNull(model, "model");
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static DefinitionReading of(WorkflowModel model) {
        return new DefinitionReading(model, List.of());
    }
}
