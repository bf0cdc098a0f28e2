package dev.flowback.function.api;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.step.LockLease;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stores.FlowbackStores;
import java.time.Clock;

/**
 * What the API function is built from, once per container: the stores (the same wiring the chain's functions use),
 * the port that starts the rollback state machine, the lock lease a dry run's snapshot step reads, and the log.
 */
public record ApiWiring(FlowbackStores stores, RollbackExecutions executions, LockLease lease, StepLog log) {

    public static ApiWiring of(AwsSettings settings, FunctionConfig config, RollbackExecutions executions,
                               Clock clock, StepLog log) {
        FunctionWiring wiring = FunctionWiring.of(settings, config, clock, log);
        return new ApiWiring(wiring.stores(), executions, wiring.lease(), log);
    }

    public Clock clock() {
        return lease.clock();
    }
}
