package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.rollback.ChainPorts;
import dev.flowback.core.rollback.Environments;
import dev.flowback.core.rollback.HealthProbe;
import dev.flowback.function.pause.CheckDrainHandler;
import dev.flowback.function.pause.CompensateHandler;
import dev.flowback.function.pause.PauseHandler;
import dev.flowback.function.snapshot.SnapshotHandler;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.StepHandler;
import dev.flowback.function.runtime.StepJson;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.function.switchover.SwitchHandler;
import dev.flowback.function.validate.ValidateHandler;
import dev.flowback.function.verify.CheckHealthHandler;
import dev.flowback.function.verify.FinishRevertHandler;
import dev.flowback.function.verify.VerifyHandler;
import dev.flowback.emulators.ExecutionResult;
import dev.flowback.emulators.LambdaFunction;
import dev.flowback.emulators.LocalLambdaServer;
import dev.flowback.emulators.LocalStepFunctions;
import dev.flowback.emulators.LocalTaskHandler;
import dev.flowback.emulators.LocalTooling;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs statemachine/rollback.asl.json end to end on this machine: aws-local-stepfunctions executes the real
 * definition, a {@link LocalLambdaServer} serves the real handlers (built with clients pointing at the caller's
 * already-running S3 and DynamoDB emulators), and the EventBridge tasks are answered locally and recorded.
 * <pre>{@code
 * LocalRollbackRunner runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(aws, table, bucket, probe));
 * runner.environments().create(Environment.of("wf-abc123", "prod", "flowback-engine", "2.4.1", health));
 * runner.registry().publish(...);
 * RollbackRun run = runner.run("{\"workflow_id\": \"wf-abc123\", \"environment\": \"prod\", \"target_version\": \"v1\"}");
 * run.steps().forEach(step -> System.out.println(step.line()));
 * }</pre>
 * The table and bucket must exist (FlowbackTable.create, createBucket).
 */
public final class LocalRollbackRunner implements AutoCloseable {
    public static final String SNAPSHOT = "snapshot";
    public static final String VALIDATE = "validate";
    public static final String PAUSE = "pause";
    public static final String CHECK_DRAIN = "check-drain";
    public static final String SWITCH = "switch";
    public static final String CHECK_HEALTH = "check-health";
    public static final String VERIFY = "verify";
    public static final String FINISH_REVERT = "finish-revert";
    public static final String COMPENSATE = "compensate";
    /** The bus name the local run puts into the definition; nothing is sent anywhere. */
    public static final String EVENT_BUS = "flowback-local";
    /** The EventBridge tasks, answered locally; their inputs are the events a deployment would publish. */
    public static final String ANNOUNCE_SUCCEEDED = "AnnounceSucceeded";
    public static final String ANNOUNCE_FAILED = "AnnounceFailed";

    /** DefinitionSubstitutions token to local function name, as template.yaml maps tokens to functions. */
    public static final Map<String, String> FUNCTION_TOKENS = Map.of(
            "SnapshotFunctionArn", SNAPSHOT,
            "ValidateFunctionArn", VALIDATE,
            "PauseFunctionArn", PAUSE,
            "CheckDrainFunctionArn", CHECK_DRAIN,
            "SwitchFunctionArn", SWITCH,
            "CheckHealthFunctionArn", CHECK_HEALTH,
            "VerifyFunctionArn", VERIFY,
            "FinishRevertFunctionArn", FINISH_REVERT,
            "CompensateFunctionArn", COMPENSATE);

    /** Local function name to the handler class template.yaml deploys for it. */
    public static final Map<String, Class<? extends StepHandler<?, ?>>> HANDLER_CLASSES = Map.of(
            SNAPSHOT, SnapshotHandler.class,
            VALIDATE, ValidateHandler.class,
            PAUSE, PauseHandler.class,
            CHECK_DRAIN, CheckDrainHandler.class,
            SWITCH, SwitchHandler.class,
            CHECK_HEALTH, CheckHealthHandler.class,
            VERIFY, VerifyHandler.class,
            FINISH_REVERT, FinishRevertHandler.class,
            COMPENSATE, CompensateHandler.class);

    private final Config config;
    private final ChainWiring wiring;
    private final LocalLambdaServer lambda;
    private final Map<String, LambdaFunction> handlers;

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
                    FunctionConfig.DEFAULT_LOCK_LEASE, Clock.systemUTC(),
                    StepLog.discard());
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

    private LocalRollbackRunner(Config config, ChainWiring wiring, LocalLambdaServer lambda,
                                Map<String, LambdaFunction> handlers) {
        this.config = config;
        this.wiring = wiring;
        this.lambda = lambda;
        this.handlers = handlers;
    }

    public static LocalRollbackRunner start(Config config) {
        ChainWiring wiring = ChainWiring.of(config.aws(), new FunctionConfig(config.table(), config.bucket(),
                config.lockLease()), config.health(), config.clock(), config.log());
        Map<String, StepHandler<?, ?>> real = new LinkedHashMap<>();
        real.put(SNAPSHOT, new SnapshotHandler(wiring));
        real.put(VALIDATE, new ValidateHandler(wiring));
        real.put(PAUSE, new PauseHandler(wiring));
        real.put(CHECK_DRAIN, new CheckDrainHandler(wiring));
        real.put(SWITCH, new SwitchHandler(wiring));
        real.put(CHECK_HEALTH, new CheckHealthHandler(wiring));
        real.put(VERIFY, new VerifyHandler(wiring));
        real.put(FINISH_REVERT, new FinishRevertHandler(wiring));
        real.put(COMPENSATE, new CompensateHandler(wiring));
        Map<String, LambdaFunction> handlers = new LinkedHashMap<>();
        real.forEach((name, handler) -> handlers.put(name, handler::invoke));
        LocalLambdaServer lambda = LocalLambdaServer.start();
        handlers.forEach(lambda::register);
        return new LocalRollbackRunner(config, wiring, lambda, handlers);
    }

    public RollbackRun run(String inputJson) {
        return run(inputJson, RunOptions.instant());
    }

    public RollbackRun run(String inputJson, RunOptions options) {
        LocalStepFunctions.Options run = LocalStepFunctions.Options.defaults()
                .withLambdaEndpoint(lambda.endpoint())
                .withSubstitutions(substitutions())
                .withLocalTaskHandler(ANNOUNCE_SUCCEEDED, LocalTaskHandler.returning(putEventsAnswer()))
                .withLocalTaskHandler(ANNOUNCE_FAILED, LocalTaskHandler.returning(putEventsAnswer()))
                .withTimeout(options.timeout());
        if (options.instantWaits()) {
            run = run.withNoDelays();
        }
        if (options.executionName() != null) {
            run = run.withExecutionName(options.executionName());
        }
        ExecutionResult result = LocalStepFunctions.run(config.stateMachine(), inputJson, run);
        return RollbackRun.of(result);
    }

    /** The values SAM would put into the definition's tokens, with the local functions' ARNs. */
    public Map<String, String> substitutions() {
        Map<String, String> values = new LinkedHashMap<>();
        FUNCTION_TOKENS.forEach((token, function) -> values.put(token, LocalLambdaServer.functionArn(function)));
        values.put("EventBusName", EVENT_BUS);
        return values;
    }

    /** Environments: create one before rolling it back. */
    public Environments environments() {
        return new Environments(wiring.ports().environments(), config.clock());
    }

    /** The version registry the functions read: publish versions here. */
    public VersionRegistry registry() {
        return wiring.ports().registry();
    }

    public ChainPorts ports() {
        return wiring.ports();
    }

    public LocalLambdaServer lambda() {
        return lambda;
    }

    /** The real handler served as {@code function}, e.g. to replay a step with the input it was given. */
    public LambdaFunction function(String function) {
        LambdaFunction handler = handlers.get(function);
        if (handler == null) {
            throw new IllegalArgumentException("no function " + function + " (known: " + handlers.keySet() + ")");
        }
        return handler;
    }

    /** Serves {@code function} through a wrapper around the real handler (to inject failures); see {@link #restore}. */
    public void wrap(String function, UnaryOperator<LambdaFunction> wrapper) {
        lambda.register(function, wrapper.apply(function(function)));
    }

    public void restore(String function) {
        lambda.register(function, function(function));
    }

    @Override
    public void close() {
        lambda.close();
    }

    private static JsonNode putEventsAnswer() {
        var answer = StepJson.MAPPER.createObjectNode().put("FailedEntryCount", 0);
        answer.putArray("Entries").addObject().put("EventId", "local-event");
        return answer;
    }
}
