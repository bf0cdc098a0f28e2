package dev.flowback.core.chain.model;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.engine.SemanticVersion;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentRef;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An environment a workflow runs in: its configuration. What runs there now is {@link EnvironmentState}.
 *
 * @param engineName    the workflow engine the environment runs ({@code flowback-engine}, {@code dify})
 * @param engineVersion its semantic version; a target must need the same major (see EngineRequirement)
 * @param health        the signals verification judges a switch by
 * @param rollout       how long the chain waits to drain and to watch health, and what it does when health is bad
 * @param engine        which adapter carries the chain's moves to the engine, and its settings (default: the engine
 *                      embeds Flowback's gate client, as every environment did before adapters existed)
 */
public record Environment(
        EnvironmentRef ref,
        String engineName,
        String engineVersion,
        HealthSignals health,
        RolloutPolicy rollout,
        EngineBinding engine) {

    private static final String DIFY = EngineBinding.Dify.NAME;
    private static final Pattern ENGINE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public Environment {
        Objects.requireNonNull(ref, "ref");
        if (engineName == null || !ENGINE_NAME.matcher(engineName).matches()) {
            throw new InvalidInputException("field.syntax", "engine.name",
                    "engine.name must be 1 to 64 letters, digits, '.', '_' or '-' (e.g. flowback-engine)");
        }
        if (engineVersion == null || SemanticVersion.parse(engineVersion).isEmpty()) {
            throw new InvalidInputException("field.syntax", "engine.version",
                    "engine.version must be a semantic version such as 2.4.1");
        }
        health = health == null ? HealthSignals.none() : health;
        rollout = rollout == null ? RolloutPolicy.defaults() : rollout;
        engine = engine == null ? EngineBinding.EMBEDDED_GATE : engine;
        if (engine instanceof EngineBinding.Dify && !DIFY.equalsIgnoreCase(engineName)) {
            // The adapter imports Dify DSL into a Dify app: an environment that says it runs another engine would
            // pass validation for definitions Dify cannot import.
            throw new InvalidInputException("field.value", "engine.name", "engine.name must be \"" + DIFY
                    + "\" with the dify adapter, was \"" + engineName + "\"");
        }
    }

    /** An environment with no health signals and the default rollout policy. */
    public static Environment of(EnvironmentRef ref, String engineName, String engineVersion) {
        return new Environment(ref, engineName, engineVersion, null, null, null);
    }

    public Environment withHealth(HealthSignals signals) {
        return new Environment(ref, engineName, engineVersion, signals, rollout, engine);
    }

    public Environment withRollout(RolloutPolicy policy) {
        return new Environment(ref, engineName, engineVersion, health, policy, engine);
    }

    public Environment withEngine(EngineBinding binding) {
        return new Environment(ref, engineName, engineVersion, health, rollout, binding);
    }
}
