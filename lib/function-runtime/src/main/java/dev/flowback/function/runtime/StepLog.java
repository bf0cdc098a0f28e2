package dev.flowback.function.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line with the step, the execution and what the step decided, in ids,
 * versions and counts. Never the request or a definition: a line must be safe to keep and cheap to search.
 */
public final class StepLog {
    private final Consumer<String> sink;

    public StepLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Lines to standard output, which the Lambda runtime sends to CloudWatch Logs. */
    public static StepLog standardOutput() {
        return new StepLog(System.out::println);
    }

    /** A log that keeps nothing, for callers that print their own summary. */
    public static StepLog discard() {
        return new StepLog(line -> { });
    }

    public void write(String level, String step, String executionId, String message, Map<String, Object> fields) {
        ObjectNode line = PayloadJson.MAPPER.createObjectNode()
                .put("time", Instant.now().toString())
                .put("level", level)
                .put("step", step)
                .put("execution_id", executionId)
                .put("message", message);
        fields.forEach((name, value) -> line.set(name, PayloadJson.MAPPER.valueToTree(value)));
        try {
            sink.accept(PayloadJson.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"level\":\"ERROR\",\"message\":\"unloggable line from step " + step + "\"}");
        }
    }
}
