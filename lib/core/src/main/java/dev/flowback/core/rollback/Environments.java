package dev.flowback.core.rollback;

import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.WorkflowId;
import java.time.Clock;

/**
 * Creating, changing and reading environments. {@link Environment}'s constructor checks every field (identifiers
 * with the registry's rules, engine, thresholds, waits), so nothing invalid reaches the store.
 */
public final class Environments {
    private final EnvironmentStore store;
    private final Clock clock;

    public Environments(EnvironmentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Nothing live, gate open, lock free. VersionConflictException when the environment exists. */
    public EnvironmentState create(Environment environment) {
        store.create(environment, clock.instant());
        return get(environment.workflowId(), environment.name());
    }

    /** Changes configuration only; what runs, the gate and the lock are untouched. */
    public EnvironmentState update(Environment environment) {
        store.updateSettings(environment, clock.instant());
        return get(environment.workflowId(), environment.name());
    }

    public EnvironmentState get(WorkflowId workflow, EnvironmentName environment) {
        return store.find(workflow, environment).orElseThrow(() -> new NotFoundException(
                "environment \"" + environment + "\" does not exist for workflow_id \"" + workflow + "\""));
    }
}
