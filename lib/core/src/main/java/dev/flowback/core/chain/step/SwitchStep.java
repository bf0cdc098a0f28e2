package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.EnvironmentStore.SwitchOutcome;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.registry.VersionRegistry;
import java.time.Instant;
import java.util.Set;

/**
 * Step 4, "switch": the one write that changes what runs. It moves the pointer from the version the snapshot saw to
 * the target only while this execution holds the lock with its fencing token, bumps the revision and keeps the
 * previous version; a replay finds its own switch and writes nothing more, and reports the first switch's time.
 *
 * <p>The switch back of a failed verification (policy REVERT) is this same step with the revert ticket: the only
 * other place the pointer could move is nowhere, so every move is fenced, recorded and audited alike. Its own
 * switch id ({@code {execution}#revert}) keeps a replay of either switch from being taken for the other.
 *
 * <p>Before the pointer moves, the target's stored bytes are read and re-hashed once more: validate checked them,
 * but the drain may have taken minutes, and a pointer must never name bytes that no longer hash to what was
 * published (engines would refuse to load them, and verify would judge a version that cannot run).
 */
public final class SwitchStep {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final RollbackJournal journal;
    private final LockLease lease;

    public SwitchStep(VersionRegistry registry, EnvironmentStore environments, RollbackJournal journal,
                      LockLease lease) {
        this.registry = registry;
        this.environments = environments;
        this.journal = journal;
        this.lease = lease;
    }

    public SwitchResult run(RollbackTicket ticket, DrainStatus drain) {
        String step = ticket.revert() ? "switch (revert)" : "switch";
        Set<RollbackPhase> follows = ticket.revert()
                ? StepOrder.follows(RollbackPhase.REVERT_PAUSED, RollbackPhase.REVERT_SWITCHED)
                : StepOrder.follows(RollbackPhase.PAUSED, RollbackPhase.SWITCHED);
        RollbackPhase to = ticket.revert() ? RollbackPhase.REVERT_SWITCHED : RollbackPhase.SWITCHED;
        RollbackRecord record = StepOrder.require(journal, ticket, step, follows);
        if (record.phase() != to) {
            requireIntact(ticket);
        }
        Instant now = lease.now();
        SwitchOutcome outcome = environments.switchPointer(new PointerSwitch(ticket.ref(), ticket.executionId(),
                ticket.lockToken(), ticket.switchId(), ticket.fromVersion(), ticket.targetVersion(),
                ticket.targetSha256(), now, lease.endingFrom(now)));
        long revision = outcome.pointer().revision();
        // A replay keeps the time of the switch it finds: health is judged from then, and the record says so.
        Instant switchedAt = outcome.alreadyDone() && outcome.pointer().switchedAt() != null
                ? outcome.pointer().switchedAt() : now;
        journal.recordSwitch(ticket.ref(), ticket.executionId(), follows, to, revision, switchedAt)
                .orElseThrow(() -> StepOrder.refused(step, ticket, journal.find(ticket.ref(), ticket.executionId()),
                        follows));
        int inFlight = drain != null && drain.forced() ? drain.inFlight() : 0;
        journal.audit(AuditPlace.switchOf(ticket).entry(ticket, now, (ticket.revert() ? "switched back (policy REVERT, "
                + ticket.fromVersion() + " unhealthy): " : "") + "active version "
                + (ticket.fromVersion() == null ? "(none)" : ticket.fromVersion()) + " -> " + ticket.targetVersion()
                + ", revision " + revision
                + (inFlight > 0 ? "; forced with " + inFlight + " instance(s) still in flight" : "")));
        return new SwitchResult(ticket.fromVersion(), ticket.targetVersion(), revision, switchedAt,
                outcome.alreadyDone(), inFlight, ticket.revert());
    }

    /** The bytes the pointer is about to name still hash to what was published, and to what the snapshot saw. */
    private void requireIntact(RollbackTicket ticket) {
        VerifiedDefinition stored = registry.read(ticket.workflowId(), ticket.targetVersion());
        if (!stored.version().sha256().equals(ticket.targetSha256())) {
            throw new IntegrityException("target_version " + ticket.targetVersion() + " of " + ticket.ref()
                    + " is recorded with sha256 " + stored.version().sha256() + ", not the "
                    + ticket.targetSha256() + " the snapshot resolved; nothing was switched");
        }
    }
}
