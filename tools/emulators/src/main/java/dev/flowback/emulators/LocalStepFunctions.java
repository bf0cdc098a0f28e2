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
 * Runs a state machine definition to completion with aws-local-stepfunctions (a Node process per
 * execution). Lambda Tasks call {@link Options#lambdaEndpoint()}, typically a {@link LocalLambdaServer};
 * other integrations need a {@link LocalTaskHandler}.
 */
public final class LocalStepFunctions {

    /** run-execution.js exits with this code when the request itself is unusable (e.g. invalid ASL). */
    private static final int EXIT_BAD_REQUEST = 2;

    private LocalStepFunctions() {
    }

    /**
     * @param aslJsonFile the definition, with SAM-style {@code ${Name}} tokens filled from
     *                    {@link Options#substitutions()}
     * @param inputJson   the execution input
     * @throws IllegalArgumentException when a token has no value or the definition is invalid
     * @throws IllegalStateException    when the execution does not finish within {@link Options#timeout()}
     */
    public static ExecutionResult run(Path aslJsonFile, String inputJson, Options options) {
        JsonNode definition = readDefinition(aslJsonFile, options.substitutions());
        ObjectNode request = StepFunctionsRequest.build(definition, parse(inputJson, "input"), options);

        LocalTooling tooling = LocalTooling.get();
        ChildProcess process = ChildProcess.start("run-execution",
                tooling.nodeCommand(tooling.script("run-execution.js")), tooling.nodeDir(), Map.of());
        process.sendAndCloseStdin(bytes(request));
        ChildProcess.Exit exit = process.awaitExit(options.timeout());
        if (exit.code() == EXIT_BAD_REQUEST) {
            throw new IllegalArgumentException(aslJsonFile + ": " + exit.stderr().strip());
        }
        if (exit.code() != 0) {
            throw new IllegalStateException("run-execution failed for " + aslJsonFile + " (exit code "
                    + exit.code() + "): " + exit.stderr().strip());
        }
        return StepFunctionsRequest.parseResult(lastLine(exit.stdout()));
    }

    private static JsonNode readDefinition(Path aslJsonFile, Map<String, String> substitutions) {
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

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastLine(String stdout) {
        String trimmed = stdout.strip();
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
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
     * @param timeout                   how long the whole execution may take
     */
    public record Options(
            URI lambdaEndpoint,
            Map<String, Long> waitTimeOverrides,
            Map<String, List<Long>> retryIntervalOverrides,
            Map<String, LocalTaskHandler> taskResourceLocalHandlers,
            Map<String, String> substitutions,
            boolean noDelays,
            String executionName,
            Duration timeout) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

        public Options {
            waitTimeOverrides = Map.copyOf(waitTimeOverrides);
            retryIntervalOverrides = Map.copyOf(retryIntervalOverrides);
            taskResourceLocalHandlers = Map.copyOf(taskResourceLocalHandlers);
            substitutions = Map.copyOf(substitutions);
            Objects.requireNonNull(timeout, "timeout");
        }

        public static Options defaults() {
            return new Options(null, Map.of(), Map.of(), Map.of(), Map.of(), false, null, DEFAULT_TIMEOUT);
        }

        public Options withLambdaEndpoint(URI endpoint) {
            return new Options(endpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, executionName, timeout);
        }

        public Options withWaitTimeOverride(String waitState, long millis) {
            return new Options(lambdaEndpoint, plus(waitTimeOverrides, waitState, millis), retryIntervalOverrides,
                    taskResourceLocalHandlers, substitutions, noDelays, executionName, timeout);
        }

        public Options withRetryIntervalOverride(String state, long... millis) {
            if (millis.length == 0) {
                throw new IllegalArgumentException("give at least one interval for " + state);
            }
            List<Long> intervals = Arrays.stream(millis).boxed().toList();
            return new Options(lambdaEndpoint, waitTimeOverrides, plus(retryIntervalOverrides, state, intervals),
                    taskResourceLocalHandlers, substitutions, noDelays, executionName, timeout);
        }

        public Options withLocalTaskHandler(String taskState, LocalTaskHandler handler) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides,
                    plus(taskResourceLocalHandlers, taskState, handler), substitutions, noDelays, executionName,
                    timeout);
        }

        public Options withSubstitution(String name, String value) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    plus(substitutions, name, value), noDelays, executionName, timeout);
        }

        public Options withSubstitutions(Map<String, String> values) {
            Map<String, String> merged = new LinkedHashMap<>(substitutions);
            merged.putAll(values);
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    merged, noDelays, executionName, timeout);
        }

        /** Makes every Wait state and retry instant, for tests about flow rather than timing. */
        public Options withNoDelays() {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, true, executionName, timeout);
        }

        public Options withExecutionName(String name) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, name, timeout);
        }

        public Options withTimeout(Duration limit) {
            return new Options(lambdaEndpoint, waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers,
                    substitutions, noDelays, executionName, limit);
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
