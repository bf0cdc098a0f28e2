package dev.flowback.core.id;

import java.util.Objects;

/**
 * One environment of one workflow, {@code wf-abc123/prod}: what a pointer, a gate, a lock and a rollback belong to.
 * Both parts are checked when they are parsed, so a ref is always well formed.
 */
public record EnvironmentRef(WorkflowId workflow, EnvironmentName environment) {
    public EnvironmentRef {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(environment, "environment");
    }

    public static EnvironmentRef of(String workflow, String environment) {
        return new EnvironmentRef(WorkflowId.of(workflow), EnvironmentName.of(environment));
    }

    /** "wf-abc123/prod", for messages. */
    @Override
    public String toString() {
        return workflow + "/" + environment;
    }
}
