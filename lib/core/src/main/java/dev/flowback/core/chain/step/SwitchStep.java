package dev.flowback.core.chain.step;

import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.EnvironmentStore.SwitchOutcome;
import dev.flowback.core.chain.port.RollbackJournal;
import java.time.Instant;

/**
 * Step 4, "switch": the one write that changes what runs. It moves the pointer from the version the snapshot saw to
 * the target only while this execution holds the lock with its fencing token, bumps the revision and keeps the
 * previous version; a replay finds its own switch and writes nothing more, and reports the first switch's time.
 *
 * <p>The switch back of a failed verification (policy REVERT) is this same step with the revert ticket: the only
 * other place the pointer could move is nowhere, so every move is fenced, recorded and audited alike. Its own
 * switch id ({@code {execution}#revert}) keeps a replay of either switch from being taken for the other.
 */
public final class SwitchStep {
    private final EnvironmentStore environments;
    private final RollbackJournal journal;
    private final LockLease lease;

    public SwitchStep(EnvironmentStore environments, RollbackJournal journal, LockLease lease) {
        this.environments = environments;
        this.journal = journal;
        this.lease = lease;
    }

    public SwitchResult run(RollbackTicket ticket, DrainStatus drain) {
        Instant now = lease.now();
        SwitchOutcome outcome = environments.switchPointer(new PointerSwitch(ticket.ref(), ticket.executionId(),
                ticket.lockToken(), ticket.switchId(), ticket.fromVersion(), ticket.targetVersion(),
                ticket.targetSha256(), now, lease.endingFrom(now)));
        long revision = outcome.pointer().revision();
        // A replay keeps the time of the switch it finds: health is judged from then, and the record says so.
        Instant switchedAt = outcome.alreadyDone() && outcome.pointer().switchedAt() != null
                ? outcome.pointer().switchedAt() : now;
        journal.recordSwitch(ticket.ref(), ticket.executionId(), revision, switchedAt);
        int inFlight = drain != null && drain.forced() ? drain.inFlight() : 0;
        journal.audit(AuditPlace.switchOf(ticket).entry(ticket, now, (ticket.revert() ? "switched back (policy REVERT, "
                + ticket.fromVersion() + " unhealthy): " : "") + "active version "
                + (ticket.fromVersion() == null ? "(none)" : ticket.fromVersion()) + " -> " + ticket.targetVersion()
                + ", revision " + revision
                + (inFlight > 0 ? "; forced with " + inFlight + " instance(s) still in flight" : "")));
        return new SwitchResult(ticket.fromVersion(), ticket.targetVersion(), revision, switchedAt,
                outcome.alreadyDone(), inFlight, ticket.revert());
    }
}
