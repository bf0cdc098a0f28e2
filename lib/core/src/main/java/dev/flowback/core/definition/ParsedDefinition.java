package dev.flowback.core.definition;

import java.util.List;

/**
 * A document's normalized model with its semantic fingerprint, the format that read it, the notes on what the
 * reading assumed, and what in it looks like a plaintext credential (neither is part of the fingerprint).
 */
public record ParsedDefinition(DefinitionFormat format, WorkflowModel model, ContentHash fingerprint,
                               List<String> notes, List<PlaintextCredential> credentials) {
    public ParsedDefinition {
        notes = notes == null ? List.of() : List.copyOf(notes);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }

    public static ParsedDefinition of(DefinitionFormat format, DefinitionReading reading) {
        return new ParsedDefinition(format, reading.model(), Fingerprint.of(reading.model()), reading.notes(),
                reading.credentials());
    }
}
