package dev.flowback.core.rollback;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;

/**
 * What the snapshot step hands every later step: who is rolling back what, from where to where, and the lock's
 * fencing token. Ids, versions and hashes only.
 *
 * @param fromVersion     what was live at the snapshot, or null for a first deployment
 * @param fromRevision    the pointer's revision at the snapshot
 * @param requestedTarget what the caller asked for, before resolution ({@code previous}, {@code v1.4.2})
 * @param lockToken       the fencing token; 0 for a dry run, which takes no lock
 */
public record RollbackTicket(
        String executionId,
        String startedAt,
        String workflowId,
        String environment,
        String fromVersion,
        String fromSha256,
        long fromRevision,
        String targetVersion,
        String targetSha256,
        String requestedTarget,
        long lockToken,
        boolean force,
        boolean dryRun,
        String reason,
        String requestedBy,
        String trigger) {

    /** Re-checks the identifiers: the ticket arrives as JSON from the state machine. */
    public RollbackTicket {
        if (executionId == null || workflowId == null || environment == null || targetVersion == null) {
            throw new InvalidInputException("field.missing", "ticket",
                    "the ticket needs execution_id, workflow_id, environment and target_version (the snapshot step's"
                            + " output)");
        }
        WorkflowId.of(workflowId);
        EnvironmentName.of(environment);
        VersionId.of(targetVersion);
        if (fromVersion != null) {
            VersionId.of(fromVersion);
        }
    }

    @JsonIgnore
    public WorkflowId workflow() {
        return WorkflowId.of(workflowId);
    }

    @JsonIgnore
    public EnvironmentName env() {
        return EnvironmentName.of(environment);
    }

    @JsonIgnore
    public VersionId target() {
        return VersionId.of(targetVersion);
    }

    @JsonIgnore
    public VersionId from() {
        return fromVersion == null ? null : VersionId.of(fromVersion);
    }

    @JsonIgnore
    public ExecutionRef execution() {
        return new ExecutionRef(executionId, Instant.parse(startedAt));
    }

    /** "wf-abc123/prod from v2 to v1", for messages. */
    public String describe() {
        return workflowId + "/" + environment + " from " + (fromVersion == null ? "nothing" : fromVersion) + " to "
                + targetVersion;
    }
}
