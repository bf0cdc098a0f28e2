package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.port.EngineApply;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.EnvironmentStore.SwitchOutcome;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.EngineRefusedException;
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
 *
 * <p>After the pointer, the engine: exactly those re-hashed bytes are handed to the environment's engine
 * ({@link EngineApply}) and what it then reports it runs must be the target's SHA-256. Only then does the record say
 * SWITCHED. The pointer is written first because it is the single source of truth (embedded engines read nothing
 * else); a failed apply leaves the record in the pause's phase with the pointer on the target, and compensation
 * (CompensateStep) restores the pointer, tells the engine, reopens admission and records why.
 */
public final class SwitchStep {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final EngineApply engine;
    private final RollbackJournal journal;
    private final LockLease lease;

    public SwitchStep(VersionRegistry registry, EnvironmentStore environments, EngineApply engine,
                      RollbackJournal journal, LockLease lease) {
        this.registry = registry;
        this.environments = environments;
        this.engine = engine;
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
        // A replay after the record says SWITCHED finds the pointer moved and the engine told: nothing to redo.
        VerifiedDefinition target = record.phase() != to ? intactTarget(ticket) : null;
        Instant now = lease.now();
        SwitchOutcome outcome = environments.switchPointer(new PointerSwitch(ticket.ref(), ticket.executionId(),
                ticket.lockToken(), ticket.switchId(), ticket.fromVersion(), ticket.targetVersion(),
                ticket.targetSha256(), now, lease.endingFrom(now)));
        long revision = outcome.pointer().revision();
        // A replay keeps the time of the switch it finds: health is judged from then, and the record says so.
        Instant switchedAt = outcome.alreadyDone() && outcome.pointer().switchedAt() != null
                ? outcome.pointer().switchedAt() : now;
        String engineSays = target == null ? "" : "; engine: " + applied(ticket, outcome.state(), target)
                .description();
        journal.recordSwitch(ticket.ref(), ticket.executionId(), follows, to, revision, switchedAt)
                .orElseThrow(() -> StepOrder.refused(step, ticket, journal.find(ticket.ref(), ticket.executionId()),
                        follows));
        int inFlight = drain != null && drain.forced() ? drain.inFlight() : 0;
        journal.audit(AuditPlace.switchOf(ticket).entry(ticket, now, (ticket.revert() ? "switched back (policy REVERT, "
                + ticket.fromVersion() + " unhealthy): " : "") + "active version "
                + (ticket.fromVersion() == null ? "(none)" : ticket.fromVersion()) + " -> " + ticket.targetVersion()
                + ", revision " + revision
                + (inFlight > 0 ? "; forced with " + inFlight + " instance(s) still in flight" : "") + engineSays));
        return new SwitchResult(ticket.fromVersion(), ticket.targetVersion(), revision, switchedAt,
                outcome.alreadyDone(), inFlight, ticket.revert());
    }

    /**
     * Hands the engine the bytes the pointer now names; EngineRefusedException when it then reports it runs anything
     * else (the apply did not take), so compensation restores the pointer.
     */
    private RunningVersion applied(RollbackTicket ticket, EnvironmentState state, VerifiedDefinition target) {
        RunningVersion running = engine.apply(EngineCall.afterWrite(state, ticket.executionId()), target);
        if (running.sha256() == null || !running.sha256().equals(ticket.targetSha256())) {
            throw new EngineRefusedException("the " + state.environment().engine().adapter() + " engine of "
                    + ticket.ref() + " was handed " + ticket.targetVersion() + " (sha256 " + ticket.targetSha256()
                    + ") but reports it runs " + running.label());
        }
        return running;
    }

    /** The bytes the pointer is about to name still hash to what was published, and to what the snapshot saw. */
    private VerifiedDefinition intactTarget(RollbackTicket ticket) {
        VerifiedDefinition stored = registry.read(ticket.workflowId(), ticket.targetVersion());
        if (!stored.version().sha256().equals(ticket.targetSha256())) {
            throw new IntegrityException("target_version " + ticket.targetVersion() + " of " + ticket.ref()
                    + " is recorded with sha256 " + stored.version().sha256() + ", not the "
                    + ticket.targetSha256() + " the snapshot resolved; nothing was switched");
        }
        return stored;
    }
}
