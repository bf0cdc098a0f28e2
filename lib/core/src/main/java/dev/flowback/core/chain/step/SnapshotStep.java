package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.StepOutOfOrderException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.ExecutionRef;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import java.time.Instant;

/**
 * Step 1, "snapshot": check the request, record what is live in the environment (so the rollback itself can be
 * undone), take the environment's rollback lock and resolve the target to one version. It writes no definition:
 * every version is already an immutable snapshot in the registry; what this step records is which one is live.
 *
 * <p>Everything that can refuse the request (syntax, unknown workflow, environment or target) runs before the lock
 * is taken, so a bad request leaves nothing locked. A dry run takes no lock at all. A replay by the same execution
 * re-enters the lock and gets the same fencing token.
 *
 * <p>What is live is read again once the lock is held, and the target resolved against that: another execution may
 * have switched between the first read and the lock, and only what was live under the lock is what the switch may
 * expect (otherwise the run would fail late, with a VersionConflictException after closing the gate and draining,
 * or resolve {@code previous} and {@code last-known-good} from a stale pointer).
 *
 * <p>A snapshot delivered after its execution ended (a retry whose first attempt outlived the task timeout, a
 * redelivery) is refused: its record is final, and it must not take the lock again for a dead execution. The check
 * runs before the lock is taken and again after the record's conditional create, which closes the race.
 *
 * <p>Taking over the lock of an execution whose lease ran out means that execution died without finishing (stopped
 * from the console, killed, its compensation lost): its record, still open, is closed here as FAILED with what is
 * known, so no record stays IN_PROGRESS for ever (the EventBridge reaper normally closes it sooner).
 */
public final class SnapshotStep {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final RollbackJournal journal;
    private final LockLease lease;

    public SnapshotStep(VersionRegistry registry, EnvironmentStore environments, RollbackJournal journal,
                        LockLease lease) {
        this.registry = registry;
        this.environments = environments;
        this.journal = journal;
        this.lease = lease;
    }

    public RollbackTicket run(SnapshotInput input) {
        RollbackRequest request = RollbackRequest.parse(input.request());
        ExecutionRef execution = ExecutionRef.parse(input.executionId(), input.startedAt());
        EnvironmentRef ref = request.ref();
        if (!request.dryRun()) {
            refuseIfEnded(ref, execution);
        }
        EnvironmentState state = load(ref);
        ActivePointer live = state.pointer();
        VersionRecord target = resolveTarget(request, live);

        long token = 0;
        Instant now = lease.now();
        if (!request.dryRun()) {
            // The lock's own write answers the environment under the lock: no second read.
            EnvironmentState locked = environments.acquireLockReading(ref, execution.id(), now,
                    lease.endingFrom(now));
            token = locked.lock().token();
            ActivePointer underLock = locked.pointer();
            if (!underLock.equals(live)) {
                live = underLock;
                target = resolveTarget(request, live);
            }
        }
        RollbackTicket ticket = new RollbackTicket(execution.id(), execution.startedAt(), ref.workflow(),
                ref.environment(), live.activeVersion(), live.activeSha256(), live.revision(), target.versionId(),
                target.sha256(), request.target(), token, request.force(), request.dryRun(), request.reason(),
                request.requestedBy(), request.trigger(), false);
        if (!request.dryRun()) {
            open(ticket, request.evidence(), now);
            closeAbandoned(ref, state.lock(), execution, live, now);
        }
        return ticket;
    }

    private void refuseIfEnded(EnvironmentRef ref, ExecutionRef execution) {
        journal.find(ref, execution.id()).filter(r -> r.phase() == RollbackPhase.FINISHED).ifPresent(r -> {
            throw new StepOutOfOrderException("snapshot of " + ref + " (execution " + execution.id() + ") arrived"
                    + " after its execution ended " + r.status() + "; it takes no lock and changes nothing");
        });
    }

    /** A failure after the lock was taken is compensated like any other: the lock is released by execution id. */
    private void open(RollbackTicket ticket, AlarmEvidence evidence, Instant now) {
        boolean created = journal.open(new RollbackRecord(ticket.executionId(), ticket.ref(),
                RollbackStatus.IN_PROGRESS, RollbackPhase.SNAPSHOT, ticket.fromVersion(), ticket.fromSha256(),
                ticket.targetVersion(), ticket.targetSha256(), ticket.requestedTarget(), ticket.reason(),
                ticket.trigger(), ticket.requestedBy(), ticket.force(), ticket.startedAt(), null,
                ticket.fromRevision(), null, null, null, null, evidence));
        if (!created && journal.find(ticket.ref(), ticket.executionId())
                .filter(r -> r.phase() == RollbackPhase.FINISHED).isPresent()) {
            // The execution ended between the check above and the lock: give the lock back, change nothing.
            environments.releaseLock(ticket.ref(), ticket.executionId());
            refuseIfEnded(ticket.ref(), ticket.execution());
        }
        journal.audit(AuditPlace.SNAPSHOT.entry(ticket, now, "lock taken (token " + ticket.lockToken() + "); live "
                + (ticket.fromVersion() == null ? "nothing" : ticket.fromVersion() + " sha256 "
                + AuditPlace.shortHash(ticket.fromSha256())) + " at revision " + ticket.fromRevision()
                + "; target " + ticket.targetVersion() + " sha256 " + AuditPlace.shortHash(ticket.targetSha256())
                + " (asked: " + ticket.requestedTarget() + ")"));
    }

    /**
     * The lock was taken over from {@code before}'s holder, whose lease had run out: that execution died without
     * finishing. Its record, if still open, is closed as FAILED (conditional on it still being open, so a late
     * compensation of its own wins and nothing is written twice).
     */
    private void closeAbandoned(EnvironmentRef ref, RollbackLock before, ExecutionRef taker, ActivePointer live,
                                Instant now) {
        String holder = before.holder();
        if (holder == null || holder.equals(taker.id()) || before.isHeld(now)) {
            return;
        }
        journal.find(ref, holder).filter(r -> r.phase() != RollbackPhase.FINISHED).ifPresent(r -> {
            String message = "execution " + holder + " stopped without finishing: its lock lease ran out at "
                    + before.expiresAt() + " and was taken over by " + taker.id() + "; active version "
                    + live.activeLabel() + " (revision " + live.revision() + ")"
                    + (holder.equals(baseOf(live.lastSwitch())) ? ", which it had switched to" : "");
            journal.finish(r.finished(RollbackStatus.FAILED, live.revision(), now, StepFailure.EXECUTION_ENDED,
                    message, null), RollbackPhase.open());
        });
    }

    private static String baseOf(String switchId) {
        return switchId == null ? null : switchId.replace(RollbackTicket.REVERT_SWITCH_SUFFIX, "");
    }

    /** The environment; when it is missing, the workflow is named instead if it has no versions either. */
    private EnvironmentState load(EnvironmentRef ref) {
        return environments.find(ref).orElseThrow(() -> registry.hasVersions(ref.workflow())
                ? EnvironmentStore.notFound(ref) : EnvironmentStore.unknownWorkflow(ref));
    }

    /**
     * {@code previous} means the version live before the current one when the environment remembers one (the
     * version a rollback moves away from is the natural way back); otherwise the registry's previous version.
     */
    private VersionRecord resolveTarget(RollbackRequest request, ActivePointer live) {
        try {
            if (request.target().kind() == VersionRef.Kind.PREVIOUS && live.previous().isPresent()) {
                return registry.get(request.workflowId(), live.previousVersion());
            }
            return registry.resolve(request.workflowId(), request.target(), live.active());
        } catch (NotFoundException e) {
            throw new NotFoundException("target_version \"" + request.target() + "\": " + e.getMessage(), e);
        }
    }
}
