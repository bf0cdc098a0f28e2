package dev.flowback.core.definition;

import java.util.List;

/**
 * A document's normalized model with its semantic fingerprint, the format that read it, and the notes on what the
 * reading assumed (never part of the fingerprint).
 */
public record ParsedDefinition(DefinitionFormat format, WorkflowModel model, ContentHash fingerprint,
                               List<String> notes) {
    public ParsedDefinition {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static ParsedDefinition of(DefinitionFormat format, DefinitionReading reading) {
        return new ParsedDefinition(format, reading.model(), Fingerprint.of(reading.model()), reading.notes());
    }
}
