package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.FieldReader;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.ModelEdge;
import dev.flowback.core.definition.ModelNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code workflow.graph}: steps become model nodes, sticky notes become content apart from the graph, and
 * edges keep only source, target and their branch handles. {@link DifyGraphRules} then checks the graph.
 */
final class DifyGraph {
    static final String START = "start";
    static final Set<String> TRIGGERS = Set.of("trigger-schedule", "trigger-webhook", "trigger-plugin");
    static final String NODES = "workflow.graph.nodes";
    static final String EDGES = "workflow.graph.edges";

    /** What the model keeps of the graph. */
    record Result(List<ModelNode> nodes, List<ModelEdge> edges, ObjectNode notes, boolean usesTriggers) {
    }

    private DifyGraph() {
    }

    static Result read(ObjectNode graph, FieldReader r) {
        int before = r.count();
        List<DslNode> nodes = readNodes(r.optionalArray(graph, "nodes", NODES), r);
        List<ModelEdge> edges = readEdges(r.optionalArray(graph, "edges", EDGES), r);
        // The graph rules need every node and edge read; a node that could not be read would shift the indices.
        if (r.count() == before) {
            DifyGraphRules.check(nodes, edges, r);
        }
        List<ModelNode> steps = new ArrayList<>();
        ObjectNode notes = Json.MAPPER.createObjectNode();
        for (DslNode node : nodes) {
            if (node.note()) {
                notes.set(node.node().id(), node.node().params());
            } else {
                steps.add(node.node());
            }
        }
        boolean usesTriggers = steps.stream().anyMatch(n -> TRIGGERS.contains(n.type()));
        return new Result(steps, edges, notes, usesTriggers);
    }

    private static List<DslNode> readNodes(ArrayNode array, FieldReader r) {
        List<DslNode> nodes = new ArrayList<>();
        if (array.isEmpty()) {
            r.problem("field.required", NODES, NODES
                    + " is required: the app's steps, starting with a start or trigger node");
        }
        for (int i = 0; i < array.size(); i++) {
            String at = NODES + "[" + i + "]";
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                r.problem("field.type", at, at + " must be a mapping");
                continue;
            }
            String id = r.requiredText(node, "id", at + ".id");
            String parentId = r.optionalText(node, "parentId", at + ".parentId", null);
            JsonNode data = node.get("data");
            if (data == null || !data.isObject()) {
                r.problem("field.required", at + ".data", at
                        + ".data is required: a mapping with the step's type and settings");
                continue;
            }
            boolean note = CanvasNoise.NOTE_RENDERER.equals(node.path("type").asText());
            if (note) {
                if (id != null) {
                    nodes.add(new DslNode(i, new ModelNode(id, "note", "", CanvasNoise.noteContent((ObjectNode) data)),
                            true, parentId, null));
                }
                continue;
            }
            String type = r.requiredText(data, "type", at + ".data.type");
            String title = r.optionalText(data, "title", at + ".data.title", "");
            String startNodeId = r.optionalText(data, "start_node_id", at + ".data.start_node_id", null);
            ObjectNode params = CanvasNoise.nodeParams((ObjectNode) data);
            if (parentId != null) {
                if (params.has("parentId")) {
                    r.problem("node.reserved-key", at + ".data.parentId", at + ".data.parentId clashes with the node's "
                            + "own parentId (its container); remove it from data");
                }
                // The container is meaning (which loop runs the step), so it joins the step's parameters.
                params.put("parentId", parentId);
            }
            if (id != null && type != null) {
                nodes.add(new DslNode(i, new ModelNode(id, type, title, params), false, parentId, startNodeId));
            }
        }
        return nodes;
    }

    private static List<ModelEdge> readEdges(ArrayNode array, FieldReader r) {
        List<ModelEdge> edges = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = EDGES + "[" + i + "]";
            JsonNode edge = array.get(i);
            if (!edge.isObject()) {
                r.problem("field.type", at, at + " must be a mapping");
                continue;
            }
            String source = r.requiredText(edge, "source", at + ".source");
            String target = r.requiredText(edge, "target", at + ".target");
            String sourceHandle = r.optionalText(edge, "sourceHandle", at + ".sourceHandle",
                    CanvasNoise.DEFAULT_SOURCE_HANDLE);
            String targetHandle = r.optionalText(edge, "targetHandle", at + ".targetHandle",
                    CanvasNoise.DEFAULT_TARGET_HANDLE);
            if (source != null && target != null) {
                edges.add(new ModelEdge(source, target, condition(sourceHandle, targetHandle)));
            }
        }
        return edges;
    }

    /**
     * The branch an edge leaves from (an if-else case id, a classifier class, {@code fail-branch}) and, when not the
     * default, the handle it enters by: {@code true}, {@code into with-search}, {@code false, into no-search}.
     */
    static String condition(String sourceHandle, String targetHandle) {
        List<String> parts = new ArrayList<>();
        if (!sourceHandle.isEmpty() && !CanvasNoise.DEFAULT_SOURCE_HANDLE.equals(sourceHandle)) {
            parts.add(sourceHandle);
        }
        if (!targetHandle.isEmpty() && !CanvasNoise.DEFAULT_TARGET_HANDLE.equals(targetHandle)) {
            parts.add("into " + targetHandle);
        }
        return String.join(", ", parts);
    }
}
