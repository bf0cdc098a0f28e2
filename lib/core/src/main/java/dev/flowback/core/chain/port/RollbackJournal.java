package dev.flowback.core.chain.port;

import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: one rollback record per execution and an append-only audit trail per environment (DynamoDB in
 * production). Writes are keyed by the execution and step, and conditional, so a replayed step adds nothing.
 */
public interface RollbackJournal {
    /** Creates the IN_PROGRESS record; a replay finding it there leaves it unchanged. */
    void open(RollbackRecord record);

    /** Notes the switch on the record (revision, time); repeating it writes the same values. */
    void recordSwitch(EnvironmentRef environment, String executionId, long revision, Instant switchedAt);

    /**
     * Writes the final state of the record, creating it if absent (an execution refused before it opened one);
     * returns false, changing nothing, when the record is already final.
     */
    boolean finish(RollbackRecord record);

    Optional<RollbackRecord> find(EnvironmentRef environment, String executionId);

    /** Adds the entry unless an entry with the same execution and step exists. */
    void audit(AuditEntry entry);

    /** The environment's audit trail, oldest first, at most {@code limit} entries. */
    List<AuditEntry> auditTrail(EnvironmentRef environment, int limit);

    /** The newest {@code limit} entries of the environment's audit trail, newest first. */
    List<AuditEntry> latestAudit(EnvironmentRef environment, int limit);

    /** The audit entries of one execution (started at {@code startedAt}), in the chain's order. */
    List<AuditEntry> auditOf(EnvironmentRef environment, String executionId, Instant startedAt);
}
