package dev.flowback.core.chain.payload;

/**
 * The snapshot step's input. {@code request} is the execution's input exactly as given, decoded to plain Java values
 * (Map, List, String, Boolean, Number, null) and checked by the snapshot step field by field; the execution's id and
 * start time come from the state machine's context object and are parsed by the step too, so a malformed one is
 * refused with the field's name.
 */
public record SnapshotInput(Object request, String executionId, String startedAt) {
}
