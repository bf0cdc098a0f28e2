package dev.flowback.core.rollback;

import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.rollback.StepInputs.SnapshotInput;
import java.time.Instant;

/**
 * Step 1: check the request, record what is live, take the lock, resolve the target.
 *
 * <p>Everything that can refuse the request (syntax, unknown workflow, environment or target) runs before the lock
 * is taken, so a bad request leaves nothing locked. A dry run takes no lock at all. A replay by the same execution
 * re-enters the lock and gets the same fencing token.
 *
 * <p>What is live is read again once the lock is held, and the target resolved against that: another execution may
 * have switched between the first read and the lock, and only what was live under the lock is what the switch may
 * expect (otherwise the run would fail late, with a VersionConflictException after closing the gate and draining,
 * or resolve {@code previous} and {@code last-known-good} from a stale pointer).
 */
public final class SnapshotStep {
    private final ChainPorts ports;

    public SnapshotStep(ChainPorts ports) {
        this.ports = ports;
    }

    public RollbackTicket run(SnapshotInput input) {
        RollbackRequest request = RollbackRequest.parse(input.request());
        ExecutionRef execution = ExecutionRef.parse(input.executionId(), input.startedAt());
        EnvironmentState state = ports.load(request.workflowId(), request.environment());
        ActivePointer live = state.pointer();
        VersionRecord target = resolveTarget(request, live);

        long token = 0;
        Instant now = ports.now();
        if (!request.dryRun()) {
            token = ports.environments().acquireLock(request.workflowId(), request.environment(), execution.id(), now,
                    ports.leaseEnd(now)).token();
            ActivePointer underLock = ports.load(request.workflowId(), request.environment()).pointer();
            if (!underLock.equals(live)) {
                live = underLock;
                target = resolveTarget(request, live);
            }
        }
        RollbackTicket ticket = new RollbackTicket(execution.id(), execution.startedAt().toString(),
                request.workflowId().value(), request.environment().value(),
                live.active().map(Object::toString).orElse(null), live.activeSha256(), live.revision(),
                target.versionId().value(), target.sha256().hex(), request.target().toString(), token,
                request.force(), request.dryRun(), request.reason(), request.requestedBy(),
                request.trigger().wireName());
        if (!request.dryRun()) {
            open(ticket, now);
        }
        return ticket;
    }

    /** A failure after the lock was taken is compensated like any other: the lock is released by execution id. */
    private void open(RollbackTicket ticket, Instant now) {
        ports.journal().open(new RollbackRecord(ticket.executionId(), ticket.workflowId(), ticket.environment(),
                RollbackStatus.IN_PROGRESS, ticket.fromVersion(), ticket.fromSha256(), ticket.targetVersion(),
                ticket.targetSha256(), ticket.requestedTarget(), ticket.reason(), ticket.trigger(),
                ticket.requestedBy(), ticket.force(), ticket.startedAt(), null, ticket.fromRevision(), null, null,
                null, null));
        ports.audit(ticket, ChainStep.SNAPSHOT, now, "lock taken (token " + ticket.lockToken() + "); live "
                + (ticket.fromVersion() == null ? "nothing" : ticket.fromVersion() + " sha256 "
                + ChainPorts.shortHash(ticket.fromSha256())) + " at revision " + ticket.fromRevision()
                + "; target " + ticket.targetVersion() + " sha256 " + ChainPorts.shortHash(ticket.targetSha256())
                + " (asked: " + ticket.requestedTarget() + ")");
    }

    /**
     * {@code previous} means the version live before the current one when the environment remembers one (the
     * version a rollback moves away from is the natural way back); otherwise the registry's previous version.
     */
    private VersionRecord resolveTarget(RollbackRequest request, ActivePointer live) {
        try {
            if (request.target().kind() == VersionRef.Kind.PREVIOUS && live.previous().isPresent()) {
                return ports.registry().get(request.workflowId(), live.previousVersion());
            }
            return ports.registry().resolve(request.workflowId(), request.target(), live.active());
        } catch (NotFoundException e) {
            throw new NotFoundException("target_version \"" + request.target() + "\": " + e.getMessage(), e);
        }
    }
}
