package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.ModelNode;
import java.util.Optional;

/**
 * The names Dify's canvas gives the branches of a step, so a diff says "CASE 2" where the DSL says
 * {@code 6f1c2a52-…}. From Dify's web editor (web/app/components/workflow/nodes/): an if-else step shows its cases
 * in order, as "IF" when there is one and "CASE 1", "CASE 2"… when there are more, each case's handle being its
 * {@code case_id}, and "ELSE" on the handle {@code false}; a question classifier shows "CLASS 1", "CLASS 2"… for
 * its {@code classes}, each class's handle being its {@code id}. Older if-else steps, before cases, had the handles
 * {@code true} (IF) and {@code false} (ELSE).
 */
final class DifyBranches {
    static final String IF_ELSE = "if-else";
    static final String CLASSIFIER = "question-classifier";
    private static final String INTO = "into ";

    private DifyBranches() {
    }

    /** The condition with its source handle named as Dify shows it; unchanged when Dify gives it no name. */
    static String label(ModelNode source, String condition) {
        if (source == null || condition.isEmpty() || condition.startsWith(INTO)) {
            return condition;
        }
        int into = condition.indexOf(", " + INTO);
        String handle = into < 0 ? condition : condition.substring(0, into);
        String rest = into < 0 ? "" : condition.substring(into);
        return name(source, handle).map(name -> name + rest).orElse(condition);
    }

    private static Optional<String> name(ModelNode source, String handle) {
        JsonNode params = source.params();
        if (IF_ELSE.equals(source.type())) {
            if ("false".equals(handle)) {
                return Optional.of("ELSE");
            }
            JsonNode cases = params.path("cases");
            if (!cases.isArray() || cases.isEmpty()) {
                return "true".equals(handle) ? Optional.of("IF") : Optional.empty();
            }
            return indexOf(cases, "case_id", handle).map(i -> cases.size() == 1 ? "IF" : "CASE " + (i + 1));
        }
        if (CLASSIFIER.equals(source.type())) {
            return indexOf(params.path("classes"), "id", handle).map(i -> "CLASS " + (i + 1));
        }
        return Optional.empty();
    }

    private static Optional<Integer> indexOf(JsonNode list, String idField, String handle) {
        for (int i = 0; i < list.size(); i++) {
            if (handle.equals(list.get(i).path(idField).asText(null))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
