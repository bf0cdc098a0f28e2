package dev.flowback.core.trigger;

import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.TriggerPortsContract;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerDecisions;

/** The in-memory ports the trigger's tests run on keep the same rules as the DynamoDB adapters. */
class InMemoryTriggerPortsTest extends TriggerPortsContract {
    private final InMemoryPorts mem = new InMemoryPorts();

    @Override
    protected VersionHolds holds() {
        return mem.holds;
    }

    @Override
    protected AlarmMappings mappings() {
        return mem.mappings;
    }

    @Override
    protected AutomationStore automation() {
        return mem.automation;
    }

    @Override
    protected TriggerDecisions decisions() {
        return mem.decisions;
    }
}
