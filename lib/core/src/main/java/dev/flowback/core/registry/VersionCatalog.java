package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;
import java.util.Optional;

/**
 * Outgoing port: version metadata (DynamoDB in production). Every method is one request to the store, and
 * every lookup is by key or a bounded range: none reads more than it returns.
 */
public interface VersionCatalog {
    /** Atomically takes the workflow's next sequence number (1, 2, 3...). Gaps are possible, repeats never. */
    long nextSequence(WorkflowId workflowId);

    /**
     * Creates the record; throws {@code VersionConflictException} if the version id already exists (its message
     * names the id and says it is taken, whoever took it).
     */
    void insert(VersionRecord record);

    Optional<VersionRecord> find(WorkflowId workflowId, VersionId versionId);

    /** The newest version with this fingerprint, if any. */
    Optional<VersionRecord> findByFingerprint(WorkflowId workflowId, ContentHash fingerprint);

    /**
     * Claims the fingerprint for {@code claimant} in one conditional write, so that of two publishes of the same
     * content only one can go on to insert its metadata. Empty when the claim is the claimant's (new, or its own
     * replay); the holder otherwise. A claim whose holder never got its metadata written (its publish failed after
     * claiming) is taken over once it is older than {@code staleBefore}.
     */
    Optional<VersionId> claimFingerprint(WorkflowId workflowId, ContentHash fingerprint, VersionId claimant,
                                         Instant now, Instant staleBefore);

    /** Gives back the claimant's claim (its publish failed before the metadata was written); best effort. */
    void releaseFingerprint(WorkflowId workflowId, ContentHash fingerprint, VersionId claimant);

    /** Newest first, at most {@code limit}, continuing after {@code cursor} (null for the first page). */
    HistoryPage history(WorkflowId workflowId, int limit, String cursor);

    /** The newest version with a sequence number below {@code sequence} ({@code Long.MAX_VALUE}: the latest). */
    Optional<VersionRecord> newestBefore(WorkflowId workflowId, long sequence);

    /** The newest GOOD version with a sequence number below {@code sequence}. */
    Optional<VersionRecord> newestGoodBefore(WorkflowId workflowId, long sequence);

    /** Sets the status of an existing version; throws {@code NotFoundException} if it does not exist. */
    VersionRecord setStatus(WorkflowId workflowId, VersionId versionId, VersionStatus status);
}
