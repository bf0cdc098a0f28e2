package dev.flowback.core.definition.dify;

import static dev.flowback.core.definition.dify.DifyGraph.EDGES;
import static dev.flowback.core.definition.dify.DifyGraph.NODES;
import static dev.flowback.core.definition.dify.DifyGraph.START;
import static dev.flowback.core.definition.dify.DifyGraph.TRIGGERS;

import dev.flowback.core.definition.FieldReader;
import dev.flowback.core.definition.GraphRules;
import dev.flowback.core.definition.ModelEdge;
import dev.flowback.core.definition.ModelNode;
import dev.flowback.core.error.InvalidInputException.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the shared {@link GraphRules} over a Dify graph. Two Dify shapes need care.
 *
 * <p>Steps inside an iteration or loop ({@code parentId} set) are entered through their container, not through an
 * edge from the start node, so the check sees an extra edge from each container to its {@code start_node_id} (or,
 * in older DSLs without one, to each child). A triggered workflow may have several entry nodes; the check then walks
 * from the first and sees an edge from it to each other entry. Notes are listed too, so messages keep the
 * document's indices, with an edge from the entry so they never count as unreachable. These added edges exist only
 * for the check; the model keeps the document's edges.
 */
final class DifyGraphRules {
    private DifyGraphRules() {
    }

    static void check(List<DslNode> nodes, List<ModelEdge> edges, FieldReader r) {
        Map<String, DslNode> byId = new LinkedHashMap<>();
        nodes.forEach(e -> byId.putIfAbsent(e.node().id(), e));
        List<ModelEdge> seen = new ArrayList<>(edges);
        seen.addAll(containerEdges(nodes, byId, r));

        List<DslNode> entryPoints = nodes.stream().filter(DslNode::isEntryPoint).toList();
        long starts = entryPoints.stream().filter(e -> START.equals(e.node().type())).count();
        // With no entry, or several start nodes, the shared rules report exactly that; otherwise they walk from
        // the start node (or the first trigger), which reaches every other entry through an added edge.
        boolean startsOnly = entryPoints.isEmpty() || starts > 1;
        boolean several = !startsOnly && entryPoints.size() > 1;
        String first = startsOnly ? null : entryPoints.stream()
                .filter(e -> START.equals(e.node().type())).findFirst().orElse(entryPoints.get(0)).node().id();
        if (first != null) {
            entryPoints.forEach(e -> seen.add(new ModelEdge(first, e.node().id(), "")));
            nodes.stream().filter(DslNode::note).forEach(e -> seen.add(new ModelEdge(first, e.node().id(), "")));
        }
        List<ModelNode> all = nodes.stream().map(DslNode::node).toList();
        List<Problem> problems = GraphRules.check(all, seen,
                startsOnly ? n -> START.equals(n.type()) : n -> n.id().equals(first), NODES, EDGES);
        for (Problem p : problems) {
            r.problem(p.rule(), difyField(p.field()), reword(p, entryPoints, several));
        }
    }

    /** Edges from each iteration or loop to the step it starts with, so its children count as reachable. */
    private static List<ModelEdge> containerEdges(List<DslNode> nodes, Map<String, DslNode> byId, FieldReader r) {
        List<ModelEdge> edges = new ArrayList<>();
        Set<String> reportedContainers = new HashSet<>();
        for (DslNode child : nodes) {
            if (child.parentId() == null) {
                continue;
            }
            DslNode container = byId.get(child.parentId());
            String at = NODES + "[" + child.index() + "].parentId";
            if (container == null) {
                r.problem("node.unknown-parent", at, at + " \"" + child.parentId() + "\" is not a node: a step inside "
                        + "an iteration or loop names its container there");
                continue;
            }
            String start = container.startNodeId();
            if (start != null && !byId.containsKey(start)) {
                if (reportedContainers.add(container.node().id())) {
                    String field = NODES + "[" + container.index() + "].data.start_node_id";
                    r.problem("node.unknown-start", field, field + " \"" + start + "\" is not a node");
                }
                continue;
            }
            if (start == null || start.equals(child.node().id())) {
                edges.add(new ModelEdge(container.node().id(), child.node().id(), ""));
            }
        }
        return edges;
    }

    /** The shared rules name an edge's ends from and to; a Dify edge calls them source and target. */
    private static String difyField(String field) {
        if (field.startsWith(EDGES)) {
            return field.replaceFirst("\\.from$", ".source").replaceFirst("\\.to$", ".target");
        }
        return field;
    }

    /** The shared rules speak of one start node; a Dify graph may begin with a start node or with triggers. */
    private static String reword(Problem p, List<DslNode> entryPoints, boolean several) {
        if (p.rule().equals("graph.no-start")) {
            return "the workflow has no entry node: it needs one start node (data.type start) or, for a triggered "
                    + "workflow, trigger nodes (" + String.join(", ", TRIGGERS.stream().sorted().toList()) + ")";
        }
        if (p.rule().equals("graph.unreachable") && several) {
            String names = String.join(", ", entryPoints.stream().map(e -> e.node().id()).toList());
            return p.message().replaceFirst("from the start node .*$", "from any entry node (" + names + ")");
        }
        return p.message();
    }
}
