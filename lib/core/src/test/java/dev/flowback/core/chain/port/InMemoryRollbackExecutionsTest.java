package dev.flowback.core.chain.port;

import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.RollbackExecutionsContract;

/** The in-memory executions the core's tests use keep the Step Functions adapter's rules. */
class InMemoryRollbackExecutionsTest extends RollbackExecutionsContract {
    private final InMemoryPorts mem = new InMemoryPorts();

    @Override
    protected RollbackExecutions executions() {
        return mem.executions;
    }
}
