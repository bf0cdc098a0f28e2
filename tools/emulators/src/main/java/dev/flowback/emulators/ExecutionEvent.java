package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the execution history aws-local-stepfunctions logs, reduced to what tests assert on.
 *
 * @param type            ExecutionStarted, StateEntered, StateExited, StateFailed, StateRetried,
 *                        StateCaught, ExecutionSucceeded, ExecutionFailed, ParallelBranch*, MapIteration*, ...
 * @param stateName       the state's name; for ParallelBranch and MapIteration events, the parent's
 * @param parentStateName set on nested events that carry both, otherwise null
 * @param index           the Map iteration, when the event comes from one
 * @param input           the state's raw input (before InputPath/Parameters), or the execution's
 * @param output          the state's output, or the execution's
 * @param error           the error name on failure events
 * @param cause           the cause on failure events
 * @param retryAttempt    on StateRetried: which retry this is, counting from 1
 * @param catchNext       on StateCaught: the state the catcher goes to
 */
public record ExecutionEvent(
        String type,
        long timestamp,
        String stateName,
        String stateType,
        String parentStateName,
        Integer index,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        Integer retryAttempt,
        String catchNext) {
}
