package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.aws.AwsSettings;
import dev.flowback.emulators.LocalTooling;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three timeouts of a chain step, derived from the files that set them, nested as they must be: an AWS call
 * (with its SDK retries) ends before the Lambda function's timeout, and the function's timeout, plus the init
 * phase a cold start may spend first, ends before the Task state's {@code TimeoutSeconds}. A slow call then fails
 * as a retryable SDK error the Retry handles; a Lambda timeout is not retried, and a States.Timeout leaves the
 * function running on after the state machine has moved on.
 */
class TimeoutsTest {
    /** Lambda's init phase may take up to 10 s, and it counts against the Task state, not the function timeout. */
    private static final int INIT_ALLOWANCE_SECONDS = 10;
    /** A step's two slowest calls may each take the SDK's whole call timeout and the step still answers. */
    private static final int CALLS_AT_FULL_TIMEOUT = 2;

    @Test
    @SuppressWarnings("unchecked")
    void anAwsCallEndsBeforeItsFunctionAndTheFunctionBeforeItsState() throws Exception {
        JsonNode asl = new ObjectMapper().readTree(Files.readString(LocalTooling.get().root()
                .resolve("statemachine/rollback.asl.json")));
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) TemplateTest.template()
                .get("Globals")).get("Function");
        Map<String, Object> substitutions = TemplateTest.definitionSubstitutions();
        long callSeconds = AwsSettings.CALL_TIMEOUT.toSeconds();

        List<String> checked = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (JsonNode state : taskStates(asl.path("States"))) {
            String resource = state.path("Resource").asText();
            if (!resource.startsWith("${")) {
                continue;  // an SDK integration (events:putEvents): no function of ours, no nesting to keep
            }
            String placeholder = resource.substring(2, resource.length() - 1);
            // The state machine names each function's alias ({"Ref": "SnapshotFunction.Alias"}).
            String alias = (String) ((Map<String, Object>) substitutions.get(placeholder)).get("Ref");
            String function = alias.substring(0, alias.length() - ".Alias".length());
            Object own = TemplateTest.properties(function).get("Timeout");
            int functionTimeout = ((Number) (own != null ? own : globals.get("Timeout"))).intValue();
            assertTrue(state.has("TimeoutSeconds"), state.path("name").asText() + " has no TimeoutSeconds");
            int stateTimeout = state.get("TimeoutSeconds").asInt();
            String name = state.path("name").asText();
            if (functionTimeout < CALLS_AT_FULL_TIMEOUT * callSeconds) {
                broken.add(function + " times out after " + functionTimeout + " s, before " + CALLS_AT_FULL_TIMEOUT
                        + " AWS calls of up to " + callSeconds + " s each");
            }
            if (functionTimeout + INIT_ALLOWANCE_SECONDS > stateTimeout) {
                broken.add(name + " gives " + function + " " + stateTimeout + " s, less than its " + functionTimeout
                        + " s timeout plus " + INIT_ALLOWANCE_SECONDS + " s of cold start");
            }
            checked.add(name);
        }
        assertEquals(List.of(), broken);
        assertFalse(checked.isEmpty());
        assertTrue(checked.containsAll(List.of("Snapshot", "Validate", "Pause", "CheckDrain", "Switch", "CheckHealth",
                "Verify", "FinishRevert", "Compensate")), checked.toString());
    }

    /** Every Task state, named, including those inside Parallel branches and Map iterators. */
    private static List<JsonNode> taskStates(JsonNode states) {
        List<JsonNode> tasks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode state = entry.getValue();
            if ("Task".equals(state.path("Type").asText())) {
                tasks.add(((ObjectNode) state.deepCopy()).put("name",
                        entry.getKey()));
            }
            state.path("Branches").forEach(branch -> tasks.addAll(taskStates(branch.path("States"))));
            tasks.addAll(taskStates(state.path("Iterator").path("States")));
            tasks.addAll(taskStates(state.path("ItemProcessor").path("States")));
        }
        return tasks;
    }
}
