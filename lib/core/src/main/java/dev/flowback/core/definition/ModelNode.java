package dev.flowback.core.definition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One node of a workflow graph: its id, its type, a human title (may be empty) and its parameters. */
public record ModelNode(String id, String type, String title, ObjectNode params) {
    public ModelNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        title = title == null ? "" : title;
        Objects.requireNonNull(params, "params");
    }

    /** How people see the node in diffs: the title where there is one, always with the id. */
    public String label() {
        return title.isEmpty() || title.equals(id) ? id : "\"" + title + "\" (" + id + ")";
    }
}
