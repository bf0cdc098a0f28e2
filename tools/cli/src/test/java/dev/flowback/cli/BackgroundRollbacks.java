package dev.flowback.cli;

import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.sandbox.LocalRollbackRunner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts the rollback state machine as StartExecution does, for the CLI's tests: the real rollback.asl.json
 * on aws-local-stepfunctions against the real handlers (LocalRollbackRunner), in the background, answering at once
 * with the execution's ARN. With {@code hold} set, the execution is accepted and never run: a rollback that stays
 * STARTING, for the Ctrl-C test (Step Functions holding a start is what it stands for).
 *
 * <p>Once main (SfnRollbackExecutions over the local Step Functions API) is merged, that replaces this class.
 */
final class BackgroundRollbacks implements RollbackExecutions {
    private final LocalRollbackRunner runner;
    private final Clock clock;
    private final boolean hold;
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "cli-test-execution");
        thread.setDaemon(true);
        return thread;
    });

    BackgroundRollbacks(LocalRollbackRunner runner, Clock clock, boolean hold) {
        this.runner = runner;
        this.clock = clock;
        this.hold = hold;
    }

    @Override
    public StartedRollback start(String executionName, RollbackRequest request) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("workflow_id", request.workflowId().value());
        input.put("environment", request.environment().value());
        input.put("target_version", request.target().toString());
        input.put("reason", request.reason());
        input.put("force", request.force());
        input.put("dry_run", request.dryRun());
        input.put("requested_by", request.requestedBy());
        input.put("trigger", request.trigger().wireName());
        String json = new String(PayloadJson.write(input), StandardCharsets.UTF_8);
        if (!hold) {
            background.submit(() -> runner.run(json, LocalRollbackRunner.RunOptions.instant().named(executionName)));
        }
        return new StartedRollback("arn:aws:states:us-east-1:123456789012:execution:local:" + executionName,
                clock.instant(), false);
    }

    void close() {
        background.shutdownNow();
    }
}
