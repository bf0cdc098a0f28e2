package dev.flowback.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Follows one execution on the Step Functions API while it runs (GetExecutionHistory, polled), printing each step
 * as it ends with its time. A loop (the drain checks, the health checks) prints its first pass and then how many
 * more it made, so a 20-second health window is one line, not ten.
 */
final class ExecutionWatch {
    private static final Duration POLL = Duration.ofMillis(250);

    /** One state of the execution: when it was entered and left. */
    record Step(String state, Instant entered, Instant exited) {
        Duration duration() {
            return Duration.between(entered, exited);
        }
    }

    /** How the execution ended, its steps in order. */
    record Watched(DescribeExecutionResponse execution, List<Step> steps) {
        boolean succeeded() {
            return execution.status() == ExecutionStatus.SUCCEEDED;
        }

        /** When {@code state} was last left, if it ran. */
        Instant exited(String state) {
            return steps.stream().filter(s -> s.state().equals(state)).reduce((a, b) -> b).map(Step::exited)
                    .orElse(null);
        }
    }

    private ExecutionWatch() {
    }

    static Watched follow(SfnClient sfn, String executionArn, PrintStream out, Duration deadline) {
        Instant giveUp = Instant.now().plus(deadline);
        List<Step> steps = new ArrayList<>();
        Map<String, Instant> entered = new HashMap<>();
        int seen = 0;
        String looping = null;
        int repeats = 0;
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000))
                    .events();
            for (HistoryEvent e : events.subList(seen, events.size())) {
                String type = e.typeAsString();
                if (type.endsWith("StateEntered")) {
                    entered.put(e.stateEnteredEventDetails().name(), e.timestamp());
                } else if (type.endsWith("StateExited")) {
                    String state = e.stateExitedEventDetails().name();
                    Step step = new Step(state, entered.getOrDefault(state, e.timestamp()), e.timestamp());
                    steps.add(step);
                    if (!type.startsWith("Task") && !type.startsWith("Wait")) {
                        continue;
                    }
                    String group = loop(state);
                    if (group != null && group.equals(looping)) {
                        repeats++;
                        continue;
                    }
                    if (repeats > 0) {
                        out.printf("      … %d more step(s) of the %s%n", repeats, looping);
                    }
                    looping = group;
                    repeats = 0;
                    out.printf("    %-12s %-18s %6d ms%n", e.timestamp().toString().substring(11, 19),
                            state, step.duration().toMillis());
                }
            }
            seen = events.size();
            if (execution.status() != ExecutionStatus.RUNNING) {
                if (repeats > 0) {
                    out.printf("      … %d more step(s) of the %s%n", repeats, looping);
                }
                return new Watched(execution, steps);
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("execution " + executionArn + " still running after " + deadline);
            }
            pause();
        }
    }

    /** The wait loop a state belongs to, or null. */
    private static String loop(String state) {
        if (state.equals("CheckHealth") || state.equals("WaitForHealth")) {
            return "health window";
        }
        if (state.equals("CheckDrain") || state.equals("WaitForDrain")) {
            return "drain";
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following an execution", e);
        }
    }
}
