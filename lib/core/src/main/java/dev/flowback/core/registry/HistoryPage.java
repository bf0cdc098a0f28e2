package dev.flowback.core.registry;

import java.util.List;
import java.util.Optional;

/**
 * One page of a workflow's versions, newest first. {@code nextCursor} is opaque: pass it back unchanged to get
 * the next page; null when this is the last page.
 */
public record HistoryPage(List<VersionRecord> versions, String nextCursor) {
    public HistoryPage {
        versions = List.copyOf(versions);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
