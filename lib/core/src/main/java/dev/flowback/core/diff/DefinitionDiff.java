package dev.flowback.core.diff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What changes between two definitions, in a deterministic order (nodes and resources by id/uri, paths
 * lexicographically), so the same two versions always give the same diff.
 *
 * @param from              label of the old side (a version id)
 * @param to                label of the new side
 * @param identicalBytes    the stored bytes are the same
 * @param semanticallyEqual the fingerprints are equal: whatever differs is formatting or editor-only layout
 */
public record DefinitionDiff(
        String from,
        String to,
        boolean identicalBytes,
        boolean semanticallyEqual,
        List<ValueChange> engine,
        List<NodeSummary> nodesAdded,
        List<NodeSummary> nodesRemoved,
        List<NodeChange> nodesChanged,
        List<EdgeSummary> edgesAdded,
        List<EdgeSummary> edgesRemoved,
        List<ResourceChange> resources,
        List<ValueChange> sections) {

    /** No semantic change at all (bytes may still differ: see {@link #identicalBytes()}). */
    @JsonIgnore
    public boolean isEmpty() {
        return engine.isEmpty() && nodesAdded.isEmpty() && nodesRemoved.isEmpty() && nodesChanged.isEmpty()
                && edgesAdded.isEmpty() && edgesRemoved.isEmpty() && resources.isEmpty() && sections.isEmpty();
    }

    /** One line for logs and plans: "2 nodes added, 1 changed, 1 edge removed". */
    public String summary() {
        if (isEmpty()) {
            return identicalBytes ? "identical" : "no semantic change (formatting or layout only)";
        }
        StringBuilder out = new StringBuilder();
        count(out, nodesAdded.size(), "node", "added");
        count(out, nodesRemoved.size(), "node", "removed");
        count(out, nodesChanged.size(), "node", "changed");
        count(out, edgesAdded.size(), "edge", "added");
        count(out, edgesRemoved.size(), "edge", "removed");
        count(out, resources.size(), "resource", "changed");
        count(out, sections.size(), "setting", "changed");
        if (!engine.isEmpty()) {
            out.append(out.isEmpty() ? "" : ", ").append("engine requirement changed");
        }
        return out.toString();
    }

    private static void count(StringBuilder out, int n, String noun, String verb) {
        if (n > 0) {
            out.append(out.isEmpty() ? "" : ", ").append(n).append(' ').append(noun).append(n == 1 ? "" : "s")
                    .append(' ').append(verb);
        }
    }
}
