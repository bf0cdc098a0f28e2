package dev.flowback.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs state machine definitions with aws-local-stepfunctions. Lambda Tasks call {@link Options#lambdaEndpoint()},
 * typically a {@link LocalLambdaServer}; other integrations need a {@link LocalTaskHandler}.
 *
 * <p>One long-lived Node process (tools/node/execution-host.js) runs every execution of an instance, many at once,
 * each with its own options, and keeps each definition it has validated: starting Node and validating the
 * definition used to be most of a local rollback's time. The process starts on first use, is started again if it
 * dies (the executions it was running fail, saying so) and ends with {@link #close()}. {@link #shared()} is the
 * JVM's instance, which {@link #run} uses.
 */
public final class LocalStepFunctions implements AutoCloseable {
    /** The state machine name {@code $$} names when none is given. */
    public static final String DEFAULT_STATE_MACHINE = "local";

    private static LocalStepFunctions shared;

    private ExecutionHost host;
    private int hostStarts;
    private boolean closed;

    private LocalStepFunctions() {
    }

    /** An instance with its own Node process, started on first use; close it when done. */
    public static LocalStepFunctions create() {
        return new LocalStepFunctions();
    }

    /** The JVM's instance: its Node process outlives every caller and ends with the JVM. */
    public static synchronized LocalStepFunctions shared() {
        if (shared == null) {
            LocalStepFunctions instance = new LocalStepFunctions();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "emulator-execution-host-shutdown"));
            shared = instance;
        }
        return shared;
    }

    /**
     * Runs one execution to its end on the {@link #shared()} instance.
     *
     * @param aslJsonFile the definition, with SAM-style {@code ${Name}} tokens filled from
     *                    {@link Options#substitutions()}
     * @param inputJson   the execution input
     * @throws IllegalArgumentException when a token has no value or the definition is invalid
     * @throws IllegalStateException    when the execution does not finish within {@link Options#timeout()} (it is
     *                                  then stopped)
     */
    public static ExecutionResult run(Path aslJsonFile, String inputJson, Options options) {
        return shared().execute(aslJsonFile, inputJson, options);
    }

    /** As {@link #run}, on this instance. */
    public ExecutionResult execute(Path aslJsonFile, String inputJson, Options options) {
        LocalExecution execution = start(aslJsonFile, inputJson, options);
        try {
            return execution.await(options.timeout());
        } catch (IllegalStateException e) {
            execution.stop();
            throw e;
        }
    }

    /**
     * Starts one execution and returns once it runs: the definition is valid and its ExecutionStarted event logged.
     * {@link Options#timeout()} does not apply: as on AWS, only the definition's TimeoutSeconds or
     * {@link LocalExecution#stop()} ends a started execution early.
     *
     * @throws IllegalArgumentException when a token has no value or the definition is invalid
     */
    public LocalExecution start(Path aslJsonFile, String inputJson, Options options) {
        JsonNode definition = readDefinition(aslJsonFile, options.substitutions());
        ObjectNode request = StepFunctionsRequest.build(definition, parse(inputJson, "input"), options);
        return host().start(request, aslJsonFile.toString());
    }

    /** The execution ARN Step Functions gives an execution of that name of that state machine. */
    public static String executionArn(String stateMachineName, String executionName) {
        return "arn:aws:states:" + LocalLambdaServer.REGION + ":" + LocalLambdaServer.ACCOUNT + ":execution:"
                + stateMachineName + ":" + executionName;
    }

    /** The ARN of the state machine of that name. */
    public static String stateMachineArn(String stateMachineName) {
        return "arn:aws:states:" + LocalLambdaServer.REGION + ":" + LocalLambdaServer.ACCOUNT + ":stateMachine:"
                + stateMachineName;
    }

    /** How many Node processes this instance has started: one, unless one died. */
    public synchronized int hostStarts() {
        return hostStarts;
    }

    /** Ends the Node process; executions still running fail. */
    @Override
    public synchronized void close() {
        closed = true;
        if (host != null) {
            host.close();
            host = null;
        }
    }

    /** The running process, for tests that kill it; null before the first execution. */
    synchronized ExecutionHost currentHost() {
        return host;
    }

    private synchronized ExecutionHost host() {
        if (closed) {
            throw new IllegalStateException("this LocalStepFunctions is closed");
        }
        if (host == null || !host.isAlive()) {
            if (host != null) {
                host.close();
            }
            host = ExecutionHost.start();
            hostStarts++;
        }
        return host;
    }

    /** The definition with its tokens filled in, parsed. */
    static JsonNode readDefinition(Path aslJsonFile, Map<String, String> substitutions) {
        String text;
        try {
            text = Files.readString(aslJsonFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + aslJsonFile, e);
        }
        try {
            return parse(DefinitionSubstitutions.apply(text, substitutions), "the definition");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(aslJsonFile + ": " + e.getMessage(), e);
        }
    }

    static JsonNode parse(String json, String what) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * How to run one execution. Immutable: every {@code with...} returns a copy.
     *
     * @param lambdaEndpoint            where Lambda Tasks are invoked; null makes them fail fast
     * @param waitTimeOverrides         Wait state name to the milliseconds it waits instead
     * @param retryIntervalOverrides    state name to the milliseconds before each retry: one value for
     *                                  every retrier of the state, several for one retrier each in
     *                                  order (-1 keeps the definition's interval for that retrier)
     * @param taskResourceLocalHandlers Task state name to what it does instead of calling its resource
     * @param substitutions             values for the definition's {@code ${Name}} tokens
     * @param noDelays                  every Wait state and every retry takes 0 ms, unless overridden above
     * @param executionName             {@code $$.Execution.Name}; random when null
     * @param stateMachineName          the state machine's name in {@code $$.StateMachine} and the execution ARN
     *                                  ({@code $$.Execution.Id})
     * @param timeout                   how long {@link #run} and {@link #execute} wait for the end
     */
    public record Options(
            URI lambdaEndpoint,
            Map<String, Long> waitTimeOverrides,
            Map<String, List<Long>> retryIntervalOverrides,
            Map<String, LocalTaskHandler> taskResourceLocalHandlers,
            Map<String, String> substitutions,
            boolean noDelays,
            String executionName,
            String stateMachineName,
            Duration timeout) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

        public Options {
            waitTimeOverrides = Map.copyOf(waitTimeOverrides);
            retryIntervalOverrides = Map.copyOf(retryIntervalOverrides);
            taskResourceLocalHandlers = Map.copyOf(taskResourceLocalHandlers);
            substitutions = Map.copyOf(substitutions);
            Objects.requireNonNull(stateMachineName, "stateMachineName");
            Objects.requireNonNull(timeout, "timeout");
        }

        public static Options defaults() {
            return new Options(null, Map.of(), Map.of(), Map.of(), Map.of(), false, null, DEFAULT_STATE_MACHINE,
                    DEFAULT_TIMEOUT);
        }

        public Options withLambdaEndpoint(URI endpoint) {
            return new Options(endpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, executionName, stateMachineName, timeout);
        }

        public Options withWaitTimeOverride(String waitState, long millis) {
            return new Options(lambdaEndpoint, plus(waitTimeOverrides, waitState, millis), retryIntervalOverrides,
                    taskResourceLocalHandlers, substitutions, noDelays, executionName, stateMachineName, timeout);
        }

        public Options withRetryIntervalOverride(String state, long... millis) {
            if (millis.length == 0) {
                throw new IllegalArgumentException("give at least one interval for " + state);
            }
            List<Long> intervals = Arrays.stream(millis).boxed().toList();
            return new Options(lambdaEndpoint, waitTimeOverrides, plus(retryIntervalOverrides, state, intervals),
                    taskResourceLocalHandlers, substitutions, noDelays, executionName, stateMachineName, timeout);
        }

        public Options withLocalTaskHandler(String taskState, LocalTaskHandler handler) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides,
                    plus(taskResourceLocalHandlers, taskState, handler), substitutions, noDelays, executionName,
                    stateMachineName, timeout);
        }

        public Options withSubstitution(String name, String value) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    plus(substitutions, name, value), noDelays, executionName, stateMachineName, timeout);
        }

        public Options withSubstitutions(Map<String, String> values) {
            Map<String, String> merged = new LinkedHashMap<>(substitutions);
            merged.putAll(values);
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    merged, noDelays, executionName, stateMachineName, timeout);
        }

        /** Makes every Wait state and retry instant, for tests about flow rather than timing. */
        public Options withNoDelays() {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, true, executionName, stateMachineName, timeout);
        }

        public Options withExecutionName(String name) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, name, stateMachineName, timeout);
        }

        public Options withStateMachineName(String name) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, executionName, name, timeout);
        }

        public Options withTimeout(Duration limit) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, executionName, stateMachineName, limit);
        }

        String executionNameOrRandom() {
            return executionName != null ? executionName : "local-" + UUID.randomUUID();
        }

        private static <V> Map<String, V> plus(Map<String, V> map, String key, V value) {
            Map<String, V> copy = new LinkedHashMap<>(map);
            copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return copy;
        }
    }
}
