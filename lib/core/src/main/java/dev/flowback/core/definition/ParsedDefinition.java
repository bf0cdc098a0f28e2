package dev.flowback.core.definition;

/** A document's normalized model with its semantic fingerprint and the format that read it. */
public record ParsedDefinition(DefinitionFormat format, WorkflowModel model, ContentHash fingerprint) {
    public static ParsedDefinition of(DefinitionFormat format, WorkflowModel model) {
        return new ParsedDefinition(format, model, Fingerprint.of(model));
    }
}
