package dev.flowback.core.rollback;

/**
 * One line of an environment's audit trail. Entries sort by the execution's start time, then the execution, then
 * the step's place in the chain, so a replayed step maps to the same entry and the trail reads in order.
 *
 * @param startedAt when the execution started (from the state machine, stable across replays)
 * @param ordinal   the step's place in the chain
 * @param at        when the step wrote the entry
 */
public record AuditEntry(
        String workflowId,
        String environment,
        String startedAt,
        String executionId,
        int ordinal,
        String step,
        String at,
        String fromVersion,
        String targetVersion,
        String detail) {
}
