package dev.flowback.function.api;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.step.LockLease;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.stores.FlowbackStores;
import java.time.Clock;

/**
 * What the API function is built from, once per container: the stores (the same wiring the chain's functions use),
 * the port that starts the rollback state machine, the lock lease a dry run's snapshot step reads, and the log.
 */
public record ApiWiring(FlowbackStores stores, RollbackExecutions executions, LockLease lease, StepLog log) {

    /** What the no-argument handler uses in Lambda: template.yaml's variables (FLOWBACK_STATE_MACHINE_ARN too). */
    public static ApiWiring fromEnvironment() {
        return onStepFunctions(AwsSettings.fromEnvironment(), FunctionConfig.fromEnvironment(),
                StateMachineConfig.fromEnvironment(), Clock.systemUTC(), StepLog.standardOutput());
    }

    /** Rollbacks started with StartExecution of {@code stateMachine}, through {@code settings}' Step Functions. */
    public static ApiWiring onStepFunctions(AwsSettings settings, FunctionConfig config,
                                            StateMachineConfig stateMachine, Clock clock, StepLog log) {
        return of(settings, config, new SfnRollbackExecutions(SfnRollbackExecutions.client(settings), stateMachine),
                clock, log);
    }

    public static ApiWiring of(AwsSettings settings, FunctionConfig config, RollbackExecutions executions,
                               Clock clock, StepLog log) {
        FunctionWiring wiring = FunctionWiring.of(settings, config, clock, log);
        return new ApiWiring(wiring.stores(), executions, wiring.lease(), log);
    }

    public Clock clock() {
        return lease.clock();
    }
}
