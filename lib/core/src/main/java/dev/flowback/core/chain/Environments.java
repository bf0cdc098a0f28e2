package dev.flowback.core.chain;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Clock;

/**
 * Creating, changing and reading environments. {@link Environment}'s constructor checks every field (identifiers
 * with the registry's rules, engine, health signals, rollout policy), so nothing invalid reaches the store.
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
        return store.get(environment.ref());
    }

    /** Changes configuration only; what runs, the gate and the lock are untouched. */
    public EnvironmentState update(Environment environment) {
        store.updateSettings(environment, clock.instant());
        return store.get(environment.ref());
    }

    public EnvironmentState get(EnvironmentRef environment) {
        return store.get(environment);
    }
}
