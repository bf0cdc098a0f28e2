package dev.flowback.core.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.engine.EngineRequirement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The normalized, format-neutral model Flowback derives from a published document. Fingerprints, diffs and
 * validation work on this model; the snapshot itself always stays the bytes as published.
 *
 * <p>Everything here is semantic: formats drop editor-only noise (canvas positions, selection, z-order) before
 * building it, and the constructor sorts every collection so that the order a document lists things in does
 * not change the fingerprint.
 *
 * @param format        the format that produced it, e.g. {@code flowback} or {@code dify}
 * @param schemaVersion the document's own schema or DSL version
 * @param engine        what engine the definition needs
 * @param nodes         sorted by id
 * @param edges         sorted by (from, to, condition)
 * @param resources     sorted by uri
 * @param sections      further semantic parts by name (environment, features, variables...), sorted by name
 */
public record WorkflowModel(
        String format,
        String schemaVersion,
        EngineRequirement engine,
        List<ModelNode> nodes,
        List<ModelEdge> edges,
        List<ResourceRef> resources,
        Map<String, JsonNode> sections) {

    public WorkflowModel {
        nodes = nodes.stream().sorted(Comparator.comparing(ModelNode::id)).toList();
        edges = edges.stream().sorted(ModelEdge.ORDER).toList();
        resources = resources.stream().sorted(Comparator.comparing(ResourceRef::uri)).toList();
        sections = java.util.Collections.unmodifiableMap(new TreeMap<>(sections));
    }
}
