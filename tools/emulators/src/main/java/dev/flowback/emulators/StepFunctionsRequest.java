package dev.flowback.emulators;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The JSON exchanged with tools/node/execution-host.js: the request it reads, the events and result it prints. */
final class StepFunctionsRequest {

    private StepFunctionsRequest() {
    }

    static ObjectNode build(JsonNode definition, JsonNode input, LocalStepFunctions.Options options) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("definition", definition);
        request.set("input", input);
        if (options.lambdaEndpoint() != null) {
            request.put("lambdaEndpoint", options.lambdaEndpoint().toString());
        }
        request.put("executionName", options.executionNameOrRandom());
        request.put("stateMachineName", options.stateMachineName());

        ObjectNode waits = request.putObject("waitTimeOverrides");
        ObjectNode retries = request.putObject("retryIntervalOverrides");
        if (options.noDelays()) {
            // Explicit overrides below replace these zeros.
            forEachState(definition, (name, state) -> {
                if ("Wait".equals(state.path("Type").asText())) {
                    waits.put(name, 0L);
                }
                if (state.has("Retry")) {
                    retries.put(name, 0L);
                }
            });
        }
        options.waitTimeOverrides().forEach(waits::put);
        options.retryIntervalOverrides().forEach((state, millis) -> {
            if (millis.size() == 1) {
                retries.put(state, millis.get(0));
            } else {
                millis.forEach(retries.putArray(state)::add);
            }
        });

        ObjectNode handlers = request.putObject("taskResourceLocalHandlers");
        options.taskResourceLocalHandlers().forEach((state, handler) -> handlers.set(state, handler.toRequestJson()));
        return request;
    }

    /** Tolerates fields it does not know, so the script can report more without breaking callers. */
    private static final ObjectReader EVENT_READER = Json.MAPPER.readerFor(ExecutionEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int QUOTED_RESULT_CHARS = 2000;

    static ExecutionEvent parseEvent(JsonNode event) {
        try {
            return EVENT_READER.readValue(event);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("execution-host printed an unexpected event: " + quote(event), e);
        }
    }

    /** The result line's {@code result}, with the events streamed before it. */
    static ExecutionResult parseResult(JsonNode result, List<ExecutionEvent> events) {
        try {
            List<LocalTaskCall> calls = new ArrayList<>();
            for (JsonNode call : result.path("localTaskCalls")) {
                calls.add(new LocalTaskCall(call.path("state").asText(), call.path("input")));
            }
            return new ExecutionResult(
                    ExecutionResult.Status.valueOf(result.path("status").asText()),
                    result.hasNonNull("output") ? result.get("output") : NullNode.getInstance(),
                    textOrNull(result, "error"),
                    textOrNull(result, "cause"),
                    events,
                    calls);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("execution-host printed an unexpected result: " + quote(result), e);
        }
    }

    private static String quote(JsonNode node) {
        String text = node.toString();
        return text.substring(0, Math.min(text.length(), QUOTED_RESULT_CHARS));
    }

    /**
     * Visits every state, including those inside Parallel branches and Map processors: the library
     * keys overrides by state name wherever the state sits.
     */
    static void forEachState(JsonNode machine, BiConsumer<String, JsonNode> visitor) {
        for (Map.Entry<String, JsonNode> state : machine.path("States").properties()) {
            visitor.accept(state.getKey(), state.getValue());
            for (JsonNode branch : state.getValue().path("Branches")) {
                forEachState(branch, visitor);
            }
            forEachState(state.getValue().path("ItemProcessor"), visitor);
            forEachState(state.getValue().path("Iterator"), visitor);
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
