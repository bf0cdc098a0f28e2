package dev.flowback.core.rollback;

import dev.flowback.core.engine.SemanticVersion;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.WorkflowId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An environment a workflow runs in (its configuration; what runs there now is {@link EnvironmentState}).
 *
 * @param engineName    the workflow engine the environment runs ({@code flowback-engine}, {@code dify})
 * @param engineVersion its semantic version; a target must need the same major (see EngineRequirement)
 */
public record Environment(
        WorkflowId workflowId,
        EnvironmentName name,
        String engineName,
        String engineVersion,
        HealthSettings health) {

    private static final Pattern ENGINE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public Environment {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(name, "name");
        if (engineName == null || !ENGINE_NAME.matcher(engineName).matches()) {
            throw new InvalidInputException("field.syntax", "engine.name",
                    "engine.name must be 1 to 64 letters, digits, '.', '_' or '-' (e.g. flowback-engine)");
        }
        if (engineVersion == null || SemanticVersion.parse(engineVersion).isEmpty()) {
            throw new InvalidInputException("field.syntax", "engine.version",
                    "engine.version must be a semantic version such as 2.4.1");
        }
        health = health == null ? HealthSettings.defaults() : health;
    }

    public static Environment of(String workflowId, String environment, String engineName, String engineVersion,
                                 HealthSettings health) {
        return new Environment(WorkflowId.of(workflowId), EnvironmentName.of(environment), engineName, engineVersion,
                health);
    }

    /** "wf-abc123/prod", for messages. */
    public String label() {
        return workflowId + "/" + name;
    }
}
