package dev.flowback.core.rollback;

import dev.flowback.core.rollback.EnvironmentStore.PointerSwitch;
import dev.flowback.core.rollback.EnvironmentStore.SwitchOutcome;
import java.time.Instant;

/**
 * Step 4: the one write that changes what runs. It moves the pointer from the version the snapshot saw to the
 * target only while this execution holds the lock with its fencing token, bumps the revision and keeps the previous
 * version; a replay finds its own switch and writes nothing more.
 *
 * <p>The switch back of a failed verification (policy REVERT) is this same step with the revert ticket: the only
 * other place the pointer could move is nowhere, so every move is fenced, recorded and audited alike. Its own
 * switch id ({@code {execution}#revert}) keeps a replay of either switch from being taken for the other.
 */
public final class SwitchStep {
    private final ChainPorts ports;

    public SwitchStep(ChainPorts ports) {
        this.ports = ports;
    }

    public SwitchResult run(RollbackTicket ticket, DrainStatus drain) {
        Instant now = ports.now();
        SwitchOutcome outcome = ports.environments().switchPointer(new PointerSwitch(ticket.workflow(), ticket.env(),
                ticket.executionId(), ticket.lockToken(), ticket.switchId(), ticket.from(), ticket.target(),
                ticket.targetSha256(), now, ports.leaseEnd(now)));
        long revision = outcome.pointer().revision();
        ports.journal().recordSwitch(ticket.workflow(), ticket.env(), ticket.executionId(), revision, now.toString());
        int inFlight = drain != null && drain.forced() ? drain.inFlight() : 0;
        ports.audit(ticket, ChainStep.SWITCH, now, (ticket.revert() ? "switched back (policy REVERT, "
                + ticket.fromVersion() + " unhealthy): " : "") + "active version "
                + (ticket.fromVersion() == null ? "(none)" : ticket.fromVersion()) + " -> " + ticket.targetVersion()
                + ", revision " + revision
                + (inFlight > 0 ? "; forced with " + inFlight + " instance(s) still in flight" : ""));
        return new SwitchResult(ticket.fromVersion(), ticket.targetVersion(), revision, now.toString(),
                outcome.alreadyDone(), inFlight, ticket.revert());
    }
}
