package dev.flowback.sandbox;

import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.function.runtime.PayloadJson;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starting the rollback state machine for tests: the real definition run by aws-local-stepfunctions against the
 * real handlers ({@link LocalRollbackRunner}), in the background as Step Functions runs it, under StartExecution's
 * name rule (same name and input: the same execution; same name, other input: refused). The ARN is the one
 * aws-local-stepfunctions gives the execution ({@code $$.Execution.Id}), so the rollback record is found by it.
 */
final class ChainExecutions implements RollbackExecutions {
    private final LocalRollbackRunner runner;
    private final Clock clock;
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "chain-execution");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, RollbackRequest> started = new LinkedHashMap<>();
    /** Names of executions that really started (not the answers that found one started). */
    final List<String> runs = new CopyOnWriteArrayList<>();
    final List<RollbackRun> finished = new CopyOnWriteArrayList<>();

    ChainExecutions(LocalRollbackRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    static String arn(String name) {
        return "arn:aws:states:us-east-1:123456789012:execution:local:" + name;
    }

    @Override
    public StartedRollback start(String executionName, RollbackRequest request) {
        synchronized (started) {
            RollbackRequest earlier = started.putIfAbsent(executionName, request);
            if (earlier != null) {
                if (!earlier.equals(request)) {
                    throw new VersionConflictException("ExecutionAlreadyExists: " + executionName
                            + " was started with another input");
                }
                return new StartedRollback(arn(executionName), clock.instant(), true);
            }
        }
        runs.add(executionName);
        String input = new String(PayloadJson.write(input(request)), java.nio.charset.StandardCharsets.UTF_8);
        background.submit(() -> finished.add(runner.run(input, LocalRollbackRunner.RunOptions.instant()
                .named(executionName))));
        return new StartedRollback(arn(executionName), clock.instant(), false);
    }

    /** The execution's input as StartExecution gets it: the state machine's documented JSON. */
    static Map<String, Object> input(RollbackRequest request) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("workflow_id", request.workflowId().value());
        input.put("environment", request.environment().value());
        input.put("target_version", request.target().toString());
        input.put("reason", request.reason());
        input.put("force", request.force());
        input.put("dry_run", request.dryRun());
        input.put("requested_by", request.requestedBy());
        input.put("trigger", request.trigger().wireName());
        return input;
    }

    void close() {
        background.shutdownNow();
    }
}
