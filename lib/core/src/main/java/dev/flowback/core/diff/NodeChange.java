package dev.flowback.core.diff;

import java.util.List;

/** A node present on both sides whose type, title or parameters differ. */
public record NodeChange(String id, String label, List<ValueChange> changes) {
}
