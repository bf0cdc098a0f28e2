package dev.flowback.core.id;

import java.util.regex.Pattern;

/** A workflow's identifier, e.g. {@code wf-abc123}. */
public record WorkflowId(String value) {
    private static final Pattern SYNTAX = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    public static final String RULE =
            "1 to 128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    public WorkflowId {
        Identifiers.require("workflow_id", value, SYNTAX, RULE);
    }

    public static WorkflowId of(String value) {
        return new WorkflowId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
