package dev.flowback.core.trigger.model;

import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * One automatic rollback the trigger started (or was about to start: it is written before StartExecution, so a
 * crash in between is repaired by the next delivery of the same state change, which starts the same execution).
 *
 * @param executionName the deterministic execution name (one per state change)
 * @param fromVersion   what was live when it was decided, or null
 */
public record AutomaticStart(String executionName, Instant at, String alarmName, VersionId fromVersion) {
    public AutomaticStart {
        Objects.requireNonNull(executionName, "executionName");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(alarmName, "alarmName");
    }
}
