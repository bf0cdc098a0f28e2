package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How a local execution ended.
 *
 * @param output the execution's output when it succeeded, a JSON null otherwise
 * @param error  the error name when it failed (for a Lambda Task, the function's errorType)
 * @param cause  the cause when it failed (for a Lambda Task, the function's error document as JSON)
 */
public record ExecutionResult(
        Status status,
        JsonNode output,
        String error,
        String cause,
        List<ExecutionEvent> events,
        List<LocalTaskCall> localTaskCalls) {

    public enum Status { SUCCEEDED, FAILED, ABORTED, TIMED_OUT }

    public ExecutionResult {
        events = List.copyOf(events);
        localTaskCalls = List.copyOf(localTaskCalls);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    /** The names of the states entered, in order, a state appearing once per entry. */
    public List<String> statesEntered() {
        return events.stream().filter(e -> e.type().equals("StateEntered")).map(ExecutionEvent::stateName).toList();
    }

    public List<ExecutionEvent> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    public List<LocalTaskCall> localTaskCalls(String state) {
        return localTaskCalls.stream().filter(call -> call.state().equals(state)).toList();
    }
}
