package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One execution started through {@link LocalStepFunctionsApi}, and how the Step Functions API describes it:
 * DescribeExecution's fields, a ListExecutions item, and its history as GetExecutionHistory's events, built from the
 * events aws-local-stepfunctions logs and named as Step Functions names them.
 */
final class ApiExecution {
    static final String ROLE_ARN = "arn:aws:iam::" + LocalLambdaServer.ACCOUNT + ":role/flowback-local";
    private static final Set<String> TERMINAL = Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted",
            "ExecutionTimeout");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String LAMBDA_ARN = "arn:aws:lambda:";
    private static final String SERVICE_ARN = "arn:aws:states:::";

    final String arn;
    final String name;
    final String stateMachineArn;
    final String input;
    final Instant startDate;
    private final LocalExecution run;
    /** Task state name to its Resource, to name a failed Task's event as Step Functions does. */
    private final Map<String, String> resources;
    private final AtomicReference<Instant> endSeen = new AtomicReference<>();
    private volatile String stopError;
    private volatile String stopCause;

    ApiExecution(String stateMachineArn, String input, LocalExecution run, Map<String, String> resources) {
        this.arn = run.executionArn();
        this.name = run.name();
        this.stateMachineArn = stateMachineArn;
        this.input = input;
        this.startDate = run.startedAt();
        this.run = run;
        this.resources = resources;
        run.completion().whenComplete((result, failure) -> endSeen.compareAndSet(null, Instant.now()));
    }

    boolean running() {
        return !run.isDone();
    }

    /** RUNNING, then SUCCEEDED, FAILED, TIMED_OUT or ABORTED; FAILED too when the Node process running it died. */
    String status() {
        if (running()) {
            return "RUNNING";
        }
        return run.result().map(result -> result.status().name()).orElse("FAILED");
    }

    /** When it ended: its last event's time; null while it runs. */
    Instant stopDate() {
        if (running()) {
            return null;
        }
        List<ExecutionEvent> events = run.events();
        if (!events.isEmpty() && TERMINAL.contains(events.get(events.size() - 1).type())) {
            return Instant.ofEpochMilli(events.get(events.size() - 1).timestamp());
        }
        endSeen.compareAndSet(null, Instant.now());
        return endSeen.get();
    }

    /**
     * Aborts it if it runs, recording the error and cause StopExecution gave, and waits until it has ended, so a
     * DescribeExecution right after reads ABORTED. A closed execution stays as it ended.
     */
    Instant stop(String error, String cause) {
        if (running()) {
            stopError = error;
            stopCause = cause;
            run.stop();
            try {
                run.completion().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Lost or slow: the status says what became of it; the stop date is now.
            }
        }
        Instant stopped = stopDate();
        return stopped != null ? stopped : Instant.now();
    }

    ObjectNode describe() {
        ObjectNode out = listItem();
        out.put("input", input);
        out.putObject("inputDetails").put("included", true);
        Optional<ExecutionResult> result = run.result();
        if (result.isPresent() && result.get().succeeded()) {
            out.put("output", result.get().output().toString());
            out.putObject("outputDetails").put("included", true);
        }
        if (!running()) {
            putIfPresent(out, "error", error());
            putIfPresent(out, "cause", cause());
        }
        return out;
    }

    ObjectNode listItem() {
        ObjectNode out = Json.MAPPER.createObjectNode()
                .put("executionArn", arn)
                .put("stateMachineArn", stateMachineArn)
                .put("name", name)
                .put("status", status());
        out.put("startDate", epochSeconds(startDate));
        Instant stopped = stopDate();
        if (stopped != null) {
            out.put("stopDate", epochSeconds(stopped));
        }
        return out;
    }

    /** Every event so far, oldest first, ids from 1. */
    List<ObjectNode> history(boolean includeData) {
        List<ObjectNode> history = new ArrayList<>();
        for (ExecutionEvent event : run.events()) {
            ObjectNode mapped = historyEvent(event, includeData);
            if (mapped != null) {
                history.add(mapped);
            }
        }
        if (!running() && run.result().isEmpty()) {
            ObjectNode lost = Json.MAPPER.createObjectNode().put("type", "ExecutionFailed");
            lost.put("timestamp", epochSeconds(stopDate()));
            ObjectNode details = lost.putObject("executionFailedEventDetails");
            putIfPresent(details, "error", error());
            putIfPresent(details, "cause", cause());
            history.add(lost);
        }
        for (int i = 0; i < history.size(); i++) {
            history.get(i).put("id", i + 1L).put("previousEventId", (long) i);
        }
        return history;
    }

    private String error() {
        return switch (status()) {
            case "ABORTED" -> stopError;
            case "TIMED_OUT" -> "States.Timeout";
            default -> run.result().isPresent() ? run.result().get().error() : "States.Runtime";
        };
    }

    private String cause() {
        if ("ABORTED".equals(status())) {
            return stopCause;
        }
        if (run.result().isPresent()) {
            return run.result().get().cause();
        }
        return run.completion().handle((result, failure) -> failure == null ? null
                : (failure.getCause() != null ? failure.getCause() : failure).getMessage()).join();
    }

    /** The Step Functions event for a library event, or null for one Step Functions does not log. */
    private ObjectNode historyEvent(ExecutionEvent event, boolean includeData) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("timestamp", epochSeconds(Instant.ofEpochMilli(event.timestamp())));
        switch (event.type()) {
            case "ExecutionStarted" -> {
                out.put("type", "ExecutionStarted");
                ObjectNode details = out.putObject("executionStartedEventDetails");
                if (includeData) {
                    details.put("input", input);
                    details.putObject("inputDetails").put("truncated", false);
                }
                details.put("roleArn", ROLE_ARN);
            }
            case "StateEntered" -> {
                out.put("type", event.stateType() + "StateEntered");
                ObjectNode details = out.putObject("stateEnteredEventDetails").put("name", event.stateName());
                data(details, "input", event.input(), includeData);
            }
            case "StateExited" -> {
                if ("Fail".equals(event.stateType())) {
                    return null;
                }
                out.put("type", event.stateType() + "StateExited");
                ObjectNode details = out.putObject("stateExitedEventDetails").put("name", event.stateName());
                data(details, "output", event.output(), includeData);
            }
            case "StateFailed" -> {
                if (!"Task".equals(event.stateType())) {
                    return null;
                }
                taskFailure(out, event);
            }
            case "ExecutionSucceeded" -> {
                out.put("type", "ExecutionSucceeded");
                data(out.putObject("executionSucceededEventDetails"), "output", event.output(), includeData);
            }
            case "ExecutionFailed" -> failure(out, "ExecutionFailed", "executionFailedEventDetails");
            case "ExecutionAborted" -> failure(out, "ExecutionAborted", "executionAbortedEventDetails");
            case "ExecutionTimeout" -> failure(out, "ExecutionTimedOut", "executionTimedOutEventDetails");
            case "MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed" -> {
                out.put("type", event.type());
                String field = Character.toLowerCase(event.type().charAt(0)) + event.type().substring(1)
                        + "EventDetails";
                ObjectNode details = out.putObject(field).put("name", event.stateName());
                if (event.index() != null) {
                    details.put("index", event.index());
                }
            }
            default -> {
                // StateRetried, StateCaught and Parallel branch events have no Step Functions counterpart.
                return null;
            }
        }
        return out;
    }

    /** A Lambda Task fails as LambdaFunctionFailed (or TimedOut); a service integration as TaskFailed. */
    private void taskFailure(ObjectNode out, ExecutionEvent event) {
        String resource = resources.getOrDefault(event.stateName(), "");
        ObjectNode details;
        if (resource.startsWith(LAMBDA_ARN)) {
            boolean timedOut = "States.Timeout".equals(event.error());
            out.put("type", timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed");
            details = out.putObject(timedOut ? "lambdaFunctionTimedOutEventDetails"
                    : "lambdaFunctionFailedEventDetails");
        } else {
            out.put("type", "TaskFailed");
            details = out.putObject("taskFailedEventDetails");
            String service = resource.startsWith(SERVICE_ARN) ? resource.substring(SERVICE_ARN.length()) : resource;
            int colon = service.indexOf(':');
            details.put("resourceType", colon > 0 ? service.substring(0, colon) : service);
            details.put("resource", colon > 0 ? service.substring(colon + 1) : service);
        }
        putIfPresent(details, "error", event.error());
        putIfPresent(details, "cause", event.cause());
    }

    private void failure(ObjectNode out, String type, String detailsField) {
        out.put("type", type);
        ObjectNode details = out.putObject(detailsField);
        putIfPresent(details, "error", error());
        putIfPresent(details, "cause", cause());
    }

    private static void data(ObjectNode details, String field, JsonNode value, boolean includeData) {
        if (includeData && value != null && !value.isMissingNode()) {
            details.put(field, value.toString());
            details.putObject(field + "Details").put("truncated", false);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The awsJson timestamp: seconds since the epoch, milliseconds as the fraction (the SDK reads it so). */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }
}
