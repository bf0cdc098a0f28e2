package dev.flowback.core.chain.payload;

import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.ExecutionRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;

/**
 * What the snapshot step hands every later step: who is rolling back what, from where to where, and the lock's
 * fencing token. Ids, versions and hashes only, each typed: the handler edge parses them once from the state
 * machine's JSON and every step reads them as they are.
 *
 * @param fromVersion     what was live at the snapshot, or null for a first deployment
 * @param fromSha256      its SHA-256, or null
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
        Instant startedAt,
        WorkflowId workflowId,
        EnvironmentName environment,
        VersionId fromVersion,
        ContentHash fromSha256,
        long fromRevision,
        VersionId targetVersion,
        ContentHash targetSha256,
        VersionRef requestedTarget,
        long lockToken,
        boolean force,
        boolean dryRun,
        String reason,
        String requestedBy,
        RollbackTrigger trigger,
        boolean revert) {

    /** Marks the pointer's last switch when it was this execution's switch back, so a replayed revert is recognised. */
    public static final String REVERT_SWITCH_SUFFIX = "#revert";

    /** Every field the snapshot step always fills must be there: the ticket arrives as JSON from the state machine. */
    public RollbackTicket {
        ExecutionRef.requireId(executionId);
        TicketChecks.present(startedAt, "started_at");
        TicketChecks.present(workflowId, "workflow_id");
        TicketChecks.present(environment, "environment");
        TicketChecks.present(targetVersion, "target_version");
        TicketChecks.present(targetSha256, "target_sha256");
        TicketChecks.present(requestedTarget, "requested_target");
        TicketChecks.present(trigger, "trigger");
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

    /** The environment this ticket moves. */
    public EnvironmentRef ref() {
        return new EnvironmentRef(workflowId, environment);
    }

    public ExecutionRef execution() {
        return new ExecutionRef(executionId, startedAt);
    }

    /** What the switch records as the pointer's last switch: the execution, suffixed for its switch back. */
    public String switchId() {
        return revert ? executionId + REVERT_SWITCH_SUFFIX : executionId;
    }

    /** Whether the ticket moves away from a live version to another one (not a first deployment, not a re-apply). */
    public boolean movesAway() {
        return fromVersion != null && !fromVersion.equals(targetVersion);
    }

    /** "wf-abc123/prod from v2 to v1" ("... back from v1 to v2" for a revert), for messages. */
    public String describe() {
        return ref() + (revert ? " back" : "") + " from " + (fromVersion == null ? "nothing" : fromVersion) + " to "
                + targetVersion;
    }
}
