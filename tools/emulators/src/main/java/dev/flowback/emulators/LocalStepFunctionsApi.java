package dev.flowback.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * LOCAL STAND-IN for the Step Functions API, on a loopback port: StartExecution, DescribeExecution,
 * GetExecutionHistory, StopExecution and ListExecutions, spoken as the AWS SDK for Java 2.57.8 speaks them (awsJson
 * 1.0: {@code POST /}, {@code X-Amz-Target: AWSStepFunctions.<Operation>}, timestamps as epoch seconds, errors as
 * HTTP 400 with {@code __type}). The API is built here from the service's documented behaviour; the executions are
 * real: each runs its registered definition on aws-local-stepfunctions ({@link LocalStepFunctions}), against the
 * Lambda endpoint and task handlers the registration gives, asynchronously (StartExecution answers at once,
 * DescribeExecution shows RUNNING, then how it ended).
 *
 * <p>Name reuse follows AWS (and moto, which a test compares it with): StartExecution with the name and input of a
 * running execution answers that execution again; with another input, or once the execution has closed, it is
 * refused with ExecutionAlreadyExists. Inputs are compared as sent, character for character.
 *
 * <p>Not served: state machine management (register definitions with {@link #register}), versions and aliases,
 * redrive, activities, the Lambda scheduling events of a history (a failed Lambda Task is logged as
 * LambdaFunctionFailed, as AWS logs it). Signatures are not checked.
 */
public final class LocalStepFunctionsApi implements AutoCloseable {
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String ERROR_NAMESPACE = "com.amazonaws.swf.service.v2.model#";
    private static final int WORKER_THREADS = 4;
    private static final int MAX_NAME = 80;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    /** What AWS refuses in a name: whitespace, brackets, wildcards, these specials and control characters. */
    private static final Pattern INVALID_NAME = Pattern.compile(
            "[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1F\\x7F-\\x9F]");
    private static final Pattern EXECUTION_ARN = Pattern.compile(
            "arn:aws:states:[a-z0-9-]+:\\d{12}:execution:[^:]+:[^:]+");

    private final LocalStepFunctions runtime;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, StateMachine> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, ApiExecution> executions = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    /** StartExecution's name check and start happen under this lock, so two starts of one name cannot both run. */
    private final Object starting = new Object();

    private record StateMachine(String name, String arn, Path definition, LocalStepFunctions.Options options,
                                Map<String, String> resources) {
    }

    private record Fault(int remaining, int status, String type) {
    }

    /** An error the API answers: HTTP status, the error's type, a message. */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String type;

        ApiError(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    private LocalStepFunctionsApi(LocalStepFunctions runtime, HttpServer server, ExecutorService workers) {
        this.runtime = runtime;
        this.server = server;
        this.workers = workers;
    }

    /** Starts the endpoint; executions run on {@code runtime}, which the caller keeps and closes. */
    public static LocalStepFunctionsApi start(LocalStepFunctions runtime) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local Step Functions endpoint", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "emulator-sfn-api-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        LocalStepFunctionsApi api = new LocalStepFunctionsApi(runtime, server, workers);
        server.createContext("/", api::handle);
        server.setExecutor(workers);
        server.start();
        return api;
    }

    /**
     * Serves a state machine: its executions run {@code definition} with {@code options} (Lambda endpoint, tokens,
     * task handlers, wait and retry overrides; the execution and state machine names are set per execution).
     *
     * @return its ARN, for StartExecution
     * @throws IllegalArgumentException when a token of the definition has no value
     */
    public String register(String name, Path definition, LocalStepFunctions.Options options) {
        JsonNode machine = LocalStepFunctions.readDefinition(definition, options.substitutions());
        Map<String, String> resources = new HashMap<>();
        StepFunctionsRequest.forEachState(machine, (state, node) -> {
            if (node.has("Resource")) {
                resources.put(state, node.path("Resource").asText());
            }
        });
        String arn = LocalStepFunctions.stateMachineArn(name);
        stateMachines.put(arn, new StateMachine(name, arn, definition, options.withStateMachineName(name),
                Map.copyOf(resources)));
        return arn;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * The next {@code times} calls of {@code operation} fail with this HTTP status and error type (e.g. 400
     * ThrottlingException, 500 InternalFailure), as the service does when it throttles or fails: for tests of a
     * caller's error handling. The SDK retries such errors, so a fault meant to reach the caller needs more times
     * than the SDK's attempts (4). Zero times clears the fault.
     */
    public void failNextCalls(String operation, int times, int status, String errorType) {
        synchronized (faults) {
            if (times <= 0) {
                faults.remove(operation);
            } else {
                faults.put(operation, new Fault(times, status, errorType));
            }
        }
    }

    /** Stops the endpoint and every execution still running. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        executions.values().stream().filter(ApiExecution::running).forEach(e -> e.stop(null, "endpoint closed"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode answer;
            int status = 200;
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null
                        || !target.startsWith(TARGET_PREFIX)) {
                    throw new ApiError(400, "UnknownOperationException",
                            "expected POST / with X-Amz-Target: AWSStepFunctions.<Operation>");
                }
                String operation = target.substring(TARGET_PREFIX.length());
                injectedFault(operation);
                answer = dispatch(operation, body(exchange));
            } catch (ApiError e) {
                status = e.status;
                answer = error(e.type, e.getMessage());
            } catch (RuntimeException e) {
                // A fault of this stand-in: answer as the service answers its own, rather than drop the connection.
                status = 500;
                answer = error("InternalFailure", e.toString());
            }
            byte[] bytes = Json.MAPPER.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static ObjectNode error(String type, String message) {
        return Json.MAPPER.createObjectNode().put("__type", ERROR_NAMESPACE + type).put("message", message);
    }

    private void injectedFault(String operation) {
        Fault fault;
        synchronized (faults) {
            fault = faults.get(operation);
            if (fault == null) {
                return;
            }
            if (fault.remaining() <= 1) {
                faults.remove(operation);
            } else {
                faults.put(operation, new Fault(fault.remaining() - 1, fault.status(), fault.type()));
            }
        }
        throw new ApiError(fault.status(), fault.type(), "injected " + fault.type() + " for " + operation);
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode body = Json.MAPPER.readTree(bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes);
            if (!body.isObject()) {
                throw new ApiError(400, "SerializationException", "the request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "SerializationException", "the request body is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    private JsonNode dispatch(String operation, JsonNode request) {
        return switch (operation) {
            case "StartExecution" -> startExecution(request);
            case "DescribeExecution" -> execution(request).describe();
            case "GetExecutionHistory" -> history(request);
            case "StopExecution" -> stopExecution(request);
            case "ListExecutions" -> listExecutions(request);
            default -> throw new ApiError(400, "UnknownOperationException", "operation " + operation
                    + " is not served by the local Step Functions endpoint (StartExecution, DescribeExecution,"
                    + " GetExecutionHistory, StopExecution, ListExecutions are)");
        };
    }

    private JsonNode startExecution(JsonNode request) {
        StateMachine machine = stateMachine(request);
        String name = request.hasNonNull("name") ? request.get("name").asText()
                : UUID.randomUUID().toString();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must have length between 1 and " + MAX_NAME);
        }
        if (INVALID_NAME.matcher(name).find()) {
            throw new ApiError(400, "InvalidName", "Invalid Name: '" + name + "'");
        }
        String input = request.hasNonNull("input") ? request.get("input").asText() : "{}";
        try {
            LocalStepFunctions.parse(input, "input");
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'");
        }
        String arn = LocalStepFunctions.executionArn(machine.name(), name);
        ApiExecution execution;
        synchronized (starting) {
            ApiExecution existing = executions.get(arn);
            if (existing != null) {
                if (!existing.running() || !existing.input.equals(input)) {
                    throw new ApiError(400, "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
                }
                execution = existing;
            } else {
                execution = run(machine, name, input);
                executions.put(arn, execution);
            }
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("executionArn", execution.arn);
        answer.put("startDate", ApiExecution.epochSeconds(execution.startDate));
        return answer;
    }

    private ApiExecution run(StateMachine machine, String name, String input) {
        try {
            LocalExecution run = runtime.start(machine.definition(), input, machine.options().withExecutionName(name));
            return new ApiExecution(machine.arn(), input, run, machine.resources());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "InvalidDefinition", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiError(500, "InternalFailure", "the local runtime could not start the execution: "
                    + e.getMessage());
        }
    }

    private JsonNode stopExecution(JsonNode request) {
        ApiExecution execution = execution(request);
        String error = request.hasNonNull("error") ? request.get("error").asText() : null;
        String cause = request.hasNonNull("cause") ? request.get("cause").asText() : null;
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("stopDate", ApiExecution.epochSeconds(execution.stop(error, cause)));
        return answer;
    }

    private JsonNode history(JsonNode request) {
        ApiExecution execution = execution(request);
        List<ObjectNode> events = execution.history(request.path("includeExecutionData").asBoolean(true));
        if (request.path("reverseOrder").asBoolean(false)) {
            Collections.reverse(events);
        }
        return page(events, request, "events");
    }

    private JsonNode listExecutions(JsonNode request) {
        StateMachine machine = stateMachine(request);
        String statusFilter = request.hasNonNull("statusFilter") ? request.get("statusFilter").asText() : null;
        List<ObjectNode> items = new ArrayList<>();
        executions.values().stream()
                .filter(e -> e.stateMachineArn.equals(machine.arn()))
                .filter(e -> statusFilter == null || statusFilter.equals(e.status()))
                .sorted(Comparator.comparing((ApiExecution e) -> e.startDate).reversed())
                .forEach(e -> items.add(e.listItem()));
        return page(items, request, "executions");
    }

    /** One page of {@code items}: nextToken is the index of the first item of the next page. */
    private static JsonNode page(List<ObjectNode> items, JsonNode request, String field) {
        int size = request.path("maxResults").asInt(0);
        size = size <= 0 ? DEFAULT_PAGE : Math.min(size, MAX_PAGE);
        int from = 0;
        if (request.hasNonNull("nextToken")) {
            try {
                from = Integer.parseInt(request.get("nextToken").asText());
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > items.size()) {
                throw new ApiError(400, "InvalidToken", "Invalid Token: '" + request.get("nextToken").asText()
                        + "'");
            }
        }
        int to = Math.min(items.size(), from + size);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode page = answer.putArray(field);
        items.subList(from, to).forEach(page::add);
        if (to < items.size()) {
            answer.put("nextToken", String.valueOf(to));
        }
        return answer;
    }

    private StateMachine stateMachine(JsonNode request) {
        String arn = request.path("stateMachineArn").asText("");
        if (!arn.startsWith("arn:aws:states:")) {
            throw new ApiError(400, "InvalidArn", "Invalid State Machine Arn: '" + arn + "'");
        }
        StateMachine machine = stateMachines.get(arn);
        if (machine == null) {
            throw new ApiError(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    private ApiExecution execution(JsonNode request) {
        String arn = request.path("executionArn").asText("");
        if (!EXECUTION_ARN.matcher(arn).matches()) {
            throw new ApiError(400, "InvalidArn", "Invalid Arn: '" + arn + "'");
        }
        ApiExecution execution = executions.get(arn);
        if (execution == null) {
            throw new ApiError(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return execution;
    }
}
