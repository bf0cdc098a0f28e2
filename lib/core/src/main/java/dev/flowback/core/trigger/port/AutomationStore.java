package dev.flowback.core.trigger.port;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.AutomationState;
import java.util.Optional;

/**
 * Outgoing port: the trigger's per-environment state (DynamoDB in production: one item in the environment's
 * partition). Written whole and conditionally, so concurrent deliveries serialise on it without a transaction.
 */
public interface AutomationStore {
    /** The stored state, or empty when the trigger never wrote about the environment. */
    Optional<AutomationState> find(EnvironmentRef environment);

    /**
     * Writes {@code next} if the stored revision is still {@code next.revision() - 1} (absent for revision 1).
     * Returns false, writing nothing, when another writer got there first: re-read and decide again.
     */
    boolean save(AutomationState next);

    /** The stored state, or the initial one. */
    default AutomationState get(EnvironmentRef environment) {
        return find(environment).orElseGet(() -> AutomationState.initial(environment));
    }
}
