package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * What a Task state does instead of calling its resource, for integrations aws-local-stepfunctions
 * cannot run (e.g. {@code arn:aws:states:::events:putEvents}). Every call is recorded in
 * {@link ExecutionResult#localTaskCalls()}, so a test can assert what would have been sent.
 */
public sealed interface LocalTaskHandler {

    /** Returns the Task's input unchanged. */
    static LocalTaskHandler echo() {
        return new Echo();
    }

    /** Fails the Task with this error name (matched by Retry and Catch) and cause. */
    static LocalTaskHandler fail(String error, String cause) {
        return new Fail(error, cause);
    }

    /** Returns a fixed result. */
    static LocalTaskHandler returning(JsonNode result) {
        return new Returning(result);
    }

    /** How execution-host.js expects this handler in its request. */
    JsonNode toRequestJson();

    record Echo() implements LocalTaskHandler {
        @Override
        public JsonNode toRequestJson() {
            return TextNode.valueOf("echo");
        }
    }

    record Fail(String error, String cause) implements LocalTaskHandler {
        public Fail {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public JsonNode toRequestJson() {
            var node = Json.MAPPER.createObjectNode();
            node.putObject("fail").put("error", error).put("cause", cause);
            return node;
        }
    }

    record Returning(JsonNode result) implements LocalTaskHandler {
        public Returning {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public JsonNode toRequestJson() {
            var node = Json.MAPPER.createObjectNode();
            node.set("return", result);
            return node;
        }
    }
}
