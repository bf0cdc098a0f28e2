package dev.flowback.core.diff;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A resource added, removed, or pinned to other content (hash) or another version. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceChange(Kind kind, String uri, String oldSha256, String newSha256, String oldVersion,
        String newVersion) {
    public enum Kind { ADDED, REMOVED, CHANGED }
}
