package dev.flowback.core.error;

import java.util.List;

/** Input that can never succeed as given: a bad identifier, malformed JSON, an invalid definition. Permanent. */
public class InvalidInputException extends FlowbackException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    /** One broken rule: which rule, where (a field name or JSON path) and a sentence for people. */
    public record Problem(String rule, String field, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    public InvalidInputException(String rule, String field, String message) {
        this(List.of(new Problem(rule, field, message)));
    }

    public InvalidInputException(List<Problem> problems) {
        super(summarize(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summarize(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        return problems.size() + " problems: " + MessageBounds.list(problems, Problem::message, "; ");
    }
}
