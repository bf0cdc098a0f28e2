package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.emulators.ExecutionEvent;
import dev.flowback.emulators.ExecutionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One local execution, ready to print or assert on: how it ended, its output (the outcome object), each state it
 * went through with its result and time, and the events it would have published.
 *
 * @param execution the raw result, with every execution event
 */
public record RollbackRun(
        ExecutionResult.Status status,
        JsonNode output,
        String error,
        String cause,
        List<StepRecord> steps,
        List<AnnouncedEvent> events,
        ExecutionResult execution) {

    /**
     * One state entered and left.
     *
     * @param result  one line saying what the state decided (empty for pure flow states)
     * @param error   the error it failed with, else null (a retried attempt is its own record)
     */
    public record StepRecord(String state, String type, Instant started, Duration duration, String result,
                             String error) {
        /** "  Switch            12 ms  v2 -> v1, revision 4". */
        public String line() {
            return String.format("%-18s %6d ms  %s", state, duration.toMillis(),
                    error != null ? "FAILED " + error + (result.isEmpty() ? "" : ": " + result) : result);
        }
    }

    /** An event the EventBridge task would have put on the bus. */
    public record AnnouncedEvent(String detailType, String source, String eventBus, JsonNode detail) {
    }

    public boolean succeeded() {
        return status == ExecutionResult.Status.SUCCEEDED;
    }

    /** The states entered, in order. */
    public List<String> states() {
        return steps.stream().map(StepRecord::state).toList();
    }

    public List<StepRecord> steps(String state) {
        return steps.stream().filter(s -> s.state().equals(state)).toList();
    }

    /**
     * One record per attempt: a retried attempt is its own failed record (aws-local-stepfunctions enters a state
     * once and logs StateFailed, StateRetried for each retry), and a caught failure ends its state (StateFailed,
     * StateCaught, then a StateExited that adds nothing).
     */
    static RollbackRun of(ExecutionResult result) {
        List<StepRecord> steps = new ArrayList<>();
        Map<String, ExecutionEvent> attemptStart = new HashMap<>();
        Set<String> caught = new HashSet<>();
        for (ExecutionEvent event : result.events()) {
            String state = event.stateName();
            switch (event.type()) {
                case "StateEntered", "StateRetried" -> attemptStart.put(state, event);
                case "StateFailed" -> steps.add(record(attemptStart.get(state), event,
                        StepSummaries.failure(event.cause()), event.error()));
                case "StateCaught" -> caught.add(state);
                case "StateExited" -> {
                    if (!caught.remove(state)) {
                        steps.add(record(attemptStart.get(state), event, StepSummaries.of(state, event.output()),
                                null));
                    }
                }
                default -> {
                    // Execution-level events: the state records already tell the story.
                }
            }
        }
        List<AnnouncedEvent> events = result.localTaskCalls().stream()
                .flatMap(call -> {
                    List<AnnouncedEvent> out = new ArrayList<>();
                    for (JsonNode entry : call.input().path("Entries")) {
                        out.add(new AnnouncedEvent(entry.path("DetailType").asText(), entry.path("Source").asText(),
                                entry.path("EventBusName").asText(), entry.path("Detail")));
                    }
                    return out.stream();
                })
                .toList();
        return new RollbackRun(result.status(), result.output(), result.error(), result.cause(), steps, events,
                result);
    }

    private static StepRecord record(ExecutionEvent start, ExecutionEvent end, String result, String error) {
        ExecutionEvent from = start == null ? end : start;
        return new StepRecord(end.stateName(), end.stateType() == null ? from.stateType() : end.stateType(),
                Instant.ofEpochMilli(from.timestamp()), Duration.ofMillis(end.timestamp() - from.timestamp()),
                result, error);
    }
}
