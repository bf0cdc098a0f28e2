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
 * @param revert          this ticket switches back after a failed verification (policy REVERT): from is the target
 *                        that failed, target the version live before. Same execution, lock and token as the ticket
 *                        it reverses; the state machine finishes a revert without verifying it, so a revert never
 *                        leads to another
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
        String trigger,
        boolean revert) {

    /** Marks the pointer's last switch when it was this execution's switch back, so a replayed revert is recognised. */
    public static final String REVERT_SWITCH_SUFFIX = "#revert";

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

    /** A ticket of a forward switch (not a revert). */
    public RollbackTicket(String executionId, String startedAt, String workflowId, String environment,
                          String fromVersion, String fromSha256, long fromRevision, String targetVersion,
                          String targetSha256, String requestedTarget, long lockToken, boolean force, boolean dryRun,
                          String reason, String requestedBy, String trigger) {
        this(executionId, startedAt, workflowId, environment, fromVersion, fromSha256, fromRevision, targetVersion,
                targetSha256, requestedTarget, lockToken, force, dryRun, reason, requestedBy, trigger, false);
    }

    /**
     * The ticket that switches back from this one's target to its from version, under the same lock and token.
     * It goes through the same pause, drain and switch as any switch, so instances admitted on the failed target
     * finish before the pointer moves back.
     *
     * @param revision the pointer's revision after this ticket's switch
     */
    public RollbackTicket revertAfter(long revision) {
        if (revert || fromVersion == null) {
            // Verify never asks: a revert is not reverted, and with nothing live before there is nothing to go back to.
            throw new IllegalStateException("no revert of " + describe() + (revert ? ": it is a revert" : ""));
        }
        return new RollbackTicket(executionId, startedAt, workflowId, environment, targetVersion, targetSha256,
                revision, fromVersion, fromSha256, requestedTarget, lockToken, force, false, reason, requestedBy,
                trigger, true);
    }

    /** What the switch records as the pointer's last switch: the execution, suffixed for its switch back. */
    @JsonIgnore
    public String switchId() {
        return revert ? executionId + REVERT_SWITCH_SUFFIX : executionId;
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

    /** "wf-abc123/prod from v2 to v1" ("... back from v1 to v2" for a revert), for messages. */
    public String describe() {
        return workflowId + "/" + environment + (revert ? " back" : "") + " from "
                + (fromVersion == null ? "nothing" : fromVersion) + " to " + targetVersion;
    }
}
