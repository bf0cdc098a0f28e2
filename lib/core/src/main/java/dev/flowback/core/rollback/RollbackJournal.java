package dev.flowback.core.rollback;

import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.WorkflowId;
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
    void recordSwitch(WorkflowId workflow, EnvironmentName environment, String executionId, long revision,
                      String switchedAt);

    /**
     * Writes the final state of the record, creating it if absent (an execution refused before it opened one);
     * returns false, changing nothing, when the record is already final.
     */
    boolean finish(RollbackRecord record);

    Optional<RollbackRecord> find(WorkflowId workflow, EnvironmentName environment, String executionId);

    /** Adds the entry unless an entry with the same execution and step exists. */
    void audit(AuditEntry entry);

    /** The environment's audit trail, oldest first, at most {@code limit} entries. */
    List<AuditEntry> auditTrail(WorkflowId workflow, EnvironmentName environment, int limit);
}
