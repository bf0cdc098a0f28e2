package dev.flowback.function.trigger;

import java.util.Map;

/**
 * The trigger's own configuration, from the environment variables template.yaml sets, parsed once per container;
 * the table and bucket come from FunctionConfig, the state machine from the Step Functions adapter's config.
 *
 * @param eventBus FLOWBACK_EVENT_BUS: the bus "Automatic Rollback Started" and "Automatic Rollback Frozen" go to
 *                 (the one the chain announces on)
 */
record TriggerConfig(String eventBus) {
    static final String EVENT_BUS = "FLOWBACK_EVENT_BUS";

    static TriggerConfig from(Map<String, String> variables) {
        String bus = variables.get(EVENT_BUS);
        if (bus == null || bus.isBlank()) {
            throw new IllegalStateException("environment variable " + EVENT_BUS + " is not set (the event bus name;"
                    + " \"default\" for the account's default bus)");
        }
        return new TriggerConfig(bus.strip());
    }
}
