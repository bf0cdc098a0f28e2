package dev.flowback.core.definition;

import dev.flowback.core.error.InvalidInputException.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The graph rules every format shares: unique node ids, edges between known nodes, exactly one start node,
 * every node reachable from it. Works on the nodes and edges in document order so messages can name
 * {@code nodes[3]} as the author wrote it.
 */
public final class GraphRules {
    private GraphRules() {
    }

    public static List<Problem> check(List<ModelNode> nodes, List<ModelEdge> edges, Predicate<ModelNode> isStart,
                                      String nodesField, String edgesField) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Integer earlier = firstIndex.putIfAbsent(nodes.get(i).id(), i);
            if (earlier != null) {
                problems.add(new Problem("node.duplicate-id", nodesField + "[" + i + "].id",
                        nodesField + "[" + i + "].id \"" + nodes.get(i).id() + "\" is already used by "
                                + nodesField + "[" + earlier + "]"));
            }
        }
        Map<String, List<String>> successors = new LinkedHashMap<>();
        for (int i = 0; i < edges.size(); i++) {
            ModelEdge edge = edges.get(i);
            boolean known = true;
            if (!firstIndex.containsKey(edge.from())) {
                problems.add(new Problem("edge.unknown-node", edgesField + "[" + i + "].from",
                        edgesField + "[" + i + "] starts at \"" + edge.from() + "\", which is not a node"));
                known = false;
            }
            if (!firstIndex.containsKey(edge.to())) {
                problems.add(new Problem("edge.unknown-node", edgesField + "[" + i + "].to",
                        edgesField + "[" + i + "] ends at \"" + edge.to() + "\", which is not a node"));
                known = false;
            }
            if (known) {
                successors.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
            }
        }
        List<ModelNode> starts = nodes.stream().filter(isStart).toList();
        if (starts.isEmpty()) {
            problems.add(new Problem("graph.no-start", nodesField,
                    "the workflow has no start node: exactly one is required"));
        } else if (starts.size() > 1) {
            problems.add(new Problem("graph.several-starts", nodesField, "the workflow has " + starts.size()
                    + " start nodes (" + String.join(", ", starts.stream().map(ModelNode::id).toList())
                    + "): exactly one is required"));
        } else {
            Set<String> reached = reachableFrom(starts.get(0).id(), successors);
            for (int i = 0; i < nodes.size(); i++) {
                if (!reached.contains(nodes.get(i).id())) {
                    problems.add(new Problem("graph.unreachable", nodesField + "[" + i + "]",
                            "node \"" + nodes.get(i).id() + "\" (" + nodesField + "[" + i
                                    + "]) cannot be reached from the start node \"" + starts.get(0).id() + "\""));
                }
            }
        }
        return problems;
    }

    private static Set<String> reachableFrom(String start, Map<String, List<String>> successors) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        seen.add(start);
        while (!queue.isEmpty()) {
            for (String next : successors.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
