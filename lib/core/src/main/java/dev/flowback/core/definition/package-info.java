/**
 * Workflow definitions as Flowback understands them: formats read bytes as published into a normalized
 * {@code WorkflowModel} ({@code DefinitionFormat}, {@code DefinitionFormats}), the graph rules every model keeps, the
 * two hashes of a version ({@code ContentHash} of the bytes, {@code Fingerprint} of the model) and the one JSON policy
 * every mapper starts from ({@code Json}). A definition is a JSON document here, so this package and its formats
 * use Jackson's tree model; the chain does not.
 */
package dev.flowback.core.definition;
