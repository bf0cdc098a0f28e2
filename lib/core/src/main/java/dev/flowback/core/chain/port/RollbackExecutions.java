package dev.flowback.core.chain.port;

import dev.flowback.core.chain.model.RollbackRequest;
import java.time.Instant;

/**
 * Outgoing port: starts the rollback state machine (Step Functions in production). The entry points that start a
 * rollback (the alarm trigger, the API) use it; the chain's own steps never do.
 *
 * <p>Starting is idempotent by name, as Step Functions' StartExecution is: the same name with the same input is the
 * same execution ({@code alreadyStarted}), so a retried or re-delivered start never runs a rollback twice; the same
 * name with another input is refused.
 */
public interface RollbackExecutions {
    /**
     * Starts an execution named {@code executionName} with {@code request} as its input, or finds the one already
     * started under that name with the same input.
     */
    StartedRollback start(String executionName, RollbackRequest request);

    /**
     * @param executionArn   the execution's id ({@code $$.Execution.Id} inside the chain: the lock holder and the
     *                       rollback record's key)
     * @param startedAt      when it started
     * @param alreadyStarted an execution of that name and input existed: this call started nothing
     */
    record StartedRollback(String executionArn, Instant startedAt, boolean alreadyStarted) {
    }
}
