package dev.flowback.core.diff;

import dev.flowback.core.definition.DefinitionFormat;
import dev.flowback.core.definition.ModelEdge;
import dev.flowback.core.definition.ModelNode;
import java.util.Map;

/**
 * An edge added or removed, with its endpoints' labels: editors such as Dify give nodes opaque ids
 * ({@code 1731228343114}), so a diff that named ids alone would be unreadable. For the same reason the branch is
 * named as the editor shows it ({@code branch}: "CASE 2", "ELSE"), beside the condition as the model holds it.
 */
public record EdgeSummary(String from, String to, String condition, String branch, String fromLabel,
                          String toLabel) {
    static EdgeSummary of(ModelEdge edge, Map<String, ModelNode> nodes, DefinitionFormat format) {
        return new EdgeSummary(edge.from(), edge.to(), edge.condition(),
                format.branchLabel(nodes.get(edge.from()), edge.condition()), label(edge.from(), nodes),
                label(edge.to(), nodes));
    }

    private static String label(String id, Map<String, ModelNode> nodes) {
        ModelNode node = nodes.get(id);
        return node == null ? id : node.label();
    }

    @Override
    public String toString() {
        return fromLabel + " → " + toLabel + (branch.isEmpty() ? "" : " [" + branch + "]");
    }
}
