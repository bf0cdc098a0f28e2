package dev.flowback.core.chain.model;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;

/**
 * One line of an environment's audit trail. Entries sort by the execution's start time, then the execution, then
 * the step's place in the chain, so a replayed step maps to the same entry and the trail reads in order.
 *
 * @param startedAt when the execution started (from the state machine, stable across replays)
 * @param place     the step's place in the chain (see the step package's AuditPlace)
 * @param at        when the step wrote the entry
 */
public record AuditEntry(
        EnvironmentRef environment,
        Instant startedAt,
        String executionId,
        int place,
        String step,
        Instant at,
        VersionId fromVersion,
        VersionId targetVersion,
        String detail) {
}
