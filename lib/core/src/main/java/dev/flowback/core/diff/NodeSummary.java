package dev.flowback.core.diff;

/** A node added or removed: enough to recognise it. */
public record NodeSummary(String id, String type, String label) {
}
