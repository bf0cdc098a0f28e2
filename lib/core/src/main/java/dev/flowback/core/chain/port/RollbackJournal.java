package dev.flowback.core.chain.port;

import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outgoing port: one rollback record per execution and an append-only audit trail per environment (DynamoDB in
 * production). Every change of a record is one conditional write on its phase (see {@link RollbackPhase}), so a
 * replayed step adds nothing and a step out of order changes nothing.
 */
public interface RollbackJournal {
    /** Creates the record (phase SNAPSHOT); false, changing nothing, when this execution's record exists. */
    boolean open(RollbackRecord record);

    /**
     * Moves the record to {@code to} if its phase is one of {@code from} (include {@code to} in {@code from} so a
     * replay finds its own work). The record after the move; empty, changing nothing, when the execution has no
     * record or its phase is not one of {@code from}.
     */
    Optional<RollbackRecord> advance(EnvironmentRef environment, String executionId, Set<RollbackPhase> from,
                                     RollbackPhase to);

    /**
     * As {@link #advance}, noting the switch on the record: the revision, and the time of the first switch (a
     * replay keeps it).
     */
    Optional<RollbackRecord> recordSwitch(EnvironmentRef environment, String executionId, Set<RollbackPhase> from,
                                          RollbackPhase to, long revision, Instant switchedAt);

    /**
     * As {@link #advance}, noting when verification reached a verdict that does not finish the record (a REVERT
     * decided: the switch back follows); the first verdict's time stays. A verdict that finishes the record carries
     * its time in {@link #finish}'s record.
     */
    Optional<RollbackRecord> recordVerdict(EnvironmentRef environment, String executionId, Set<RollbackPhase> from,
                                           RollbackPhase to, Instant verifiedAt);

    /**
     * Writes the final state of the record (phase FINISHED) if its phase is one of {@code from}, creating it if
     * absent (an execution refused before it opened one); false, changing nothing, otherwise.
     */
    boolean finish(RollbackRecord record, Set<RollbackPhase> from);

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
