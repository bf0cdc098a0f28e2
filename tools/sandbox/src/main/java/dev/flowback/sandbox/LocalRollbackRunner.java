package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.Environments;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.emulators.ExecutionResult;
import dev.flowback.emulators.LambdaFunction;
import dev.flowback.emulators.LocalLambdaServer;
import dev.flowback.emulators.LocalStepFunctions;
import dev.flowback.emulators.LocalStepFunctionsApi;
import dev.flowback.emulators.LocalTaskHandler;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.pause.ExecutionEndedHandler;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stores.FlowbackStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs statemachine/rollback.asl.json end to end on this machine: aws-local-stepfunctions executes the real
 * definition, a {@link LocalLambdaServer} serves the real handlers (built with clients pointing at the caller's
 * already-running S3 and DynamoDB emulators), and the EventBridge tasks are answered locally and recorded.
 * <pre>{@code
 * LocalRollbackRunner runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(aws, table, bucket, probe));
 * runner.environments().create(Environment.of(EnvironmentRef.of("wf-abc123", "prod"), "flowback-engine", "2.4.1"));
 * runner.registry().publish(...);
 * RollbackRun run = runner.run("{\"workflow_id\": \"wf-abc123\", \"environment\": \"prod\", \"target_version\":
 * \"v1\"}");
 * run.steps().forEach(step -> System.out.println(step.line()));
 * }</pre>
 * The table and bucket must exist (see {@link LocalStorage}).
 *
 * <p>{@link #stepFunctionsApi()} also serves the definition through the Step Functions API (a local stand-in for the
 * API; the executions are the same real ones), so code that starts rollbacks with an SfnClient (the Step Functions
 * adapter, the CLI) runs against the whole chain: point it at {@link #awsSettings()} and {@link #stateMachineArn()}.
 * Every execution runs in the JVM's one Node process ({@link LocalStepFunctions#shared()}).
 */
public final class LocalRollbackRunner implements AutoCloseable {
    /** The bus name the local run puts into the definition; nothing is sent anywhere. */
    public static final String EVENT_BUS = "flowback-local";
    /** The EventBridge tasks, answered locally; their inputs are the events a deployment would publish. */
    public static final String ANNOUNCE_SUCCEEDED = "AnnounceSucceeded";
    public static final String ANNOUNCE_FAILED = "AnnounceFailed";
    public static final String ANNOUNCE_REFUSED = "AnnounceRefused";
    /** The state machine's name on the local Step Functions API. */
    public static final String STATE_MACHINE = "flowback-rollback";

    private final Config config;
    private final FunctionWiring wiring;
    private final LocalLambdaServer lambda;
    private final Map<ChainFunction, LambdaFunction> handlers;
    private LocalStepFunctionsApi api;
    private String stateMachineArn;
    private boolean apiInstantWaits;

    /**
     * @param aws          settings with endpoints of the running emulators ({@code s3}, {@code dynamodb})
     * @param stateMachine the definition to run (the repository's statemachine/rollback.asl.json by default)
     * @param log          where the handlers' structured log lines go (discarded by default)
     */
    public record Config(AwsSettings aws, String table, String bucket, HealthProbe health, Path stateMachine,
                         Duration lockLease, Clock clock, StepLog log) {

        public static Config of(AwsSettings aws, String table, String bucket, HealthProbe health) {
            return new Config(aws, table, bucket, health,
                    LocalTooling.get().root().resolve("statemachine").resolve("rollback.asl.json"),
                    FunctionConfig.DEFAULT_LOCK_LEASE, Clock.systemUTC(), StepLog.discard());
        }

        public Config withLog(StepLog to) {
            return new Config(aws, table, bucket, health, stateMachine, lockLease, clock, to);
        }

        public Config withLockLease(Duration lease) {
            return new Config(aws, table, bucket, health, stateMachine, lease, clock, log);
        }
    }

    /**
     * How one execution runs.
     *
     * @param instantWaits the drain and health-window waits and the retry backoff take no time (their count and
     *                     order are unchanged); keep drain timeouts small when in-flight instances are expected
     * @param executionName {@code $$.Execution.Name}; random when null
     */
    public record RunOptions(boolean instantWaits, String executionName, Duration timeout) {
        public static RunOptions instant() {
            return new RunOptions(true, null, Duration.ofSeconds(120));
        }

        public static RunOptions realTime() {
            return new RunOptions(false, null, Duration.ofMinutes(30));
        }

        public RunOptions named(String name) {
            return new RunOptions(instantWaits, name, timeout);
        }
    }

    private LocalRollbackRunner(Config config, FunctionWiring wiring, LocalLambdaServer lambda,
                                Map<ChainFunction, LambdaFunction> handlers) {
        this.config = config;
        this.wiring = wiring;
        this.lambda = lambda;
        this.handlers = handlers;
    }

    public static LocalRollbackRunner start(Config config) {
        FunctionWiring wiring = FunctionWiring.of(config.aws(), new FunctionConfig(config.table(), config.bucket(),
                config.lockLease()), config.clock(), config.log());
        Map<ChainFunction, LambdaFunction> handlers = new EnumMap<>(ChainFunction.class);
        for (ChainFunction function : ChainFunction.values()) {
            handlers.put(function, function.build(wiring, config.health())::invoke);
        }
        LocalLambdaServer lambda = LocalLambdaServer.start();
        handlers.forEach((function, handler) -> lambda.register(function.functionName(), handler));
        return new LocalRollbackRunner(config, wiring, lambda, handlers);
    }

    public RollbackRun run(String inputJson) {
        return run(inputJson, RunOptions.instant());
    }

    public RollbackRun run(String inputJson, RunOptions options) {
        LocalStepFunctions.Options run = options(options).withTimeout(options.timeout());
        if (options.executionName() != null) {
            run = run.withExecutionName(options.executionName());
        }
        ExecutionResult result = LocalStepFunctions.run(config.stateMachine(), inputJson, run);
        return RollbackRun.of(result);
    }

    /**
     * The Step Functions API on a loopback port, started on first use (with instant waits unless
     * {@link #stepFunctionsApi(RunOptions)} started it first), serving the definition as
     * {@link #STATE_MACHINE}. Its executions run as {@link #run(String)} runs them: instant waits, the EventBridge
     * tasks answered locally; each goes on until it ends or is stopped (StopExecution).
     */
    public synchronized LocalStepFunctionsApi stepFunctionsApi() {
        return api != null ? api : stepFunctionsApi(RunOptions.instant());
    }

    /**
     * The Step Functions API with the waits {@code options} asks for: {@link RunOptions#realTime()} for a stack
     * people watch (the local stack, the demo), where the drain and the health window take the time they say.
     * The first call decides; a later call with other waits is refused rather than silently ignored.
     */
    public synchronized LocalStepFunctionsApi stepFunctionsApi(RunOptions options) {
        if (api == null) {
            api = LocalStepFunctionsApi.start(LocalStepFunctions.shared());
            stateMachineArn = api.register(STATE_MACHINE, config.stateMachine(), options(options));
            apiInstantWaits = options.instantWaits();
        } else if (apiInstantWaits != options.instantWaits()) {
            throw new IllegalStateException("the local Step Functions API already runs with "
                    + (apiInstantWaits ? "instant" : "real-time") + " waits");
        }
        return api;
    }

    /** The ARN StartExecution takes on {@link #stepFunctionsApi()} (FLOWBACK_STATE_MACHINE_ARN for local runs). */
    public synchronized String stateMachineArn() {
        stepFunctionsApi();
        return stateMachineArn;
    }

    /**
     * The reaper, wired as the chain's handlers are. In AWS an EventBridge rule invokes it with Step Functions'
     * status-change event for an execution that was stopped or timed out; locally the caller hands it the event.
     */
    public ExecutionEndedHandler reaper() {
        return new ExecutionEndedHandler(wiring);
    }

    /** The caller's settings with the local Step Functions API as the {@code sfn} endpoint. */
    public AwsSettings awsSettings() {
        return config.aws().withEndpoint("sfn", stepFunctionsApi().endpoint());
    }

    private LocalStepFunctions.Options options(RunOptions options) {
        LocalStepFunctions.Options run = LocalStepFunctions.Options.defaults()
                .withLambdaEndpoint(lambda.endpoint())
                .withSubstitutions(substitutions())
                .withLocalTaskHandler(ANNOUNCE_SUCCEEDED, LocalTaskHandler.returning(putEventsAnswer()))
                .withLocalTaskHandler(ANNOUNCE_FAILED, LocalTaskHandler.returning(putEventsAnswer()))
                .withLocalTaskHandler(ANNOUNCE_REFUSED, LocalTaskHandler.returning(putEventsAnswer()));
        return options.instantWaits() ? run.withNoDelays() : run;
    }

    /** The values SAM would put into the definition's tokens, with the local functions' ARNs. */
    public Map<String, String> substitutions() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ChainFunction function : ChainFunction.values()) {
            values.put(function.token(), LocalLambdaServer.functionArn(function.functionName()));
        }
        values.put("EventBusName", EVENT_BUS);
        return values;
    }

    /** Environments: create one before rolling it back. */
    public Environments environments() {
        return new Environments(wiring.stores().environments(), config.clock());
    }

    /** The version registry the functions read: publish versions here. */
    public VersionRegistry registry() {
        return wiring.stores().registry();
    }

    /** The stores the functions use, to look at what a run left. */
    public FlowbackStores stores() {
        return wiring.stores();
    }

    public LocalLambdaServer lambda() {
        return lambda;
    }

    /** The real handler served as {@code function}, e.g. to replay a step with the input it was given. */
    public LambdaFunction function(ChainFunction function) {
        return handlers.get(function);
    }

    /** Serves {@code function} through a wrapper around the real handler (to inject failures); see {@link #restore}. */
    public void wrap(ChainFunction function, UnaryOperator<LambdaFunction> wrapper) {
        lambda.register(function.functionName(), wrapper.apply(function(function)));
    }

    public void restore(ChainFunction function) {
        lambda.register(function.functionName(), function(function));
    }

    @Override
    public synchronized void close() {
        if (api != null) {
            api.close();
        }
        lambda.close();
    }

    private static JsonNode putEventsAnswer() {
        var answer = PayloadJson.MAPPER.createObjectNode().put("FailedEntryCount", 0);
        answer.putArray("Entries").addObject().put("EventId", "local-event");
        return answer;
    }
}
