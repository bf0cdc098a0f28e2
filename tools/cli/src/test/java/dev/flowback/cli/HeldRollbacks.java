package dev.flowback.cli;

import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import java.time.Clock;

/**
 * A Step Functions that accepts every start and never runs it: a rollback that stays STARTING while the CLI waits,
 * for the Ctrl-C test. It stands for an execution whose first state has not run yet (the real API's rollbacks go
 * through StartExecution on the local Step Functions API; see {@link LocalApi}).
 */
final class HeldRollbacks implements RollbackExecutions {
    private final Clock clock;

    HeldRollbacks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StartedRollback start(String executionName, RollbackRequest request) {
        return new StartedRollback("arn:aws:states:us-east-1:123456789012:execution:held:" + executionName,
                clock.instant(), false);
    }
}
