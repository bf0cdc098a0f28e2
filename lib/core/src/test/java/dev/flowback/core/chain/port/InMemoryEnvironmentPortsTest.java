package dev.flowback.core.chain.port;

import dev.flowback.core.testing.EnvironmentPortsContract;
import dev.flowback.core.testing.InMemoryPorts;

/** The in-memory ports the step tests run on keep the same rules as the DynamoDB adapters. */
class InMemoryEnvironmentPortsTest extends EnvironmentPortsContract {
    private final InMemoryPorts mem = new InMemoryPorts();

    @Override
    protected EnvironmentStore environments() {
        return mem.environments;
    }

    @Override
    protected InstanceLeases leases() {
        return mem.leases;
    }

    @Override
    protected RollbackJournal journal() {
        return mem.journal;
    }
}
