package dev.flowback.core.definition;

import java.util.Comparator;
import java.util.Objects;

/**
 * A directed edge. {@code condition} says when it is taken (a branch handle, an expression), empty when always.
 */
public record ModelEdge(String from, String to, String condition) {
    static final Comparator<ModelEdge> ORDER = Comparator.comparing(ModelEdge::from)
            .thenComparing(ModelEdge::to)
            .thenComparing(ModelEdge::condition);

    public ModelEdge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        condition = condition == null ? "" : condition;
    }

    @Override
    public String toString() {
        return from + " → " + to + (condition.isEmpty() ? "" : " [" + condition + "]");
    }
}
