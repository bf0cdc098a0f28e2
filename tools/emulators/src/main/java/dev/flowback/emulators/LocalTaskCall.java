package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Task served by a {@link LocalTaskHandler}, with the input it received: for an EventBridge
 * putEvents state, the Entries the state machine would have sent.
 */
public record LocalTaskCall(String state, JsonNode input) {
}
