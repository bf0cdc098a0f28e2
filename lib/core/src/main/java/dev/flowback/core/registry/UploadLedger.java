package dev.flowback.core.registry;

import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.util.Optional;

/**
 * Outgoing port: the record of each staged upload (DynamoDB in production), one item per upload, written with
 * conditional single-item requests.
 */
public interface UploadLedger {
    /** Creates the record; throws {@code VersionConflictException} when an upload with its id exists. */
    void open(UploadRecord record);

    Optional<UploadRecord> find(WorkflowId workflow, String uploadId);

    /**
     * Notes the version the upload became. Returns false, changing nothing, when the record already names a
     * version (a concurrent or repeated publish of the same upload got there first).
     */
    boolean markPublished(WorkflowId workflow, String uploadId, VersionId version);
}
