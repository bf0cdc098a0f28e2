package dev.flowback.core.rollback;

import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.VersionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the chain's steps use, built once per container and shared by them.
 *
 * @param lockLease how long a lock lasts without renewal: every step after the snapshot renews it, so it only has
 *                  to outlast the longest gap between two steps, and a crashed execution frees the environment
 *                  this long after its last step
 */
public record ChainPorts(
        VersionRegistry registry,
        EnvironmentStore environments,
        InstanceLeases leases,
        RollbackJournal journal,
        HealthProbe health,
        Clock clock,
        Duration lockLease) {

    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofMinutes(15);

    public ChainPorts {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(environments, "environments");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(clock, "clock");
        if (lockLease == null || lockLease.isNegative() || lockLease.isZero()) {
            throw new IllegalArgumentException("the lock lease must be positive");
        }
    }

    Instant now() {
        return clock.instant();
    }

    Instant leaseEnd(Instant now) {
        return now.plus(lockLease);
    }

    /**
     * The environment, or a NotFoundException naming the field at fault: the workflow when it has no versions
     * either (a typo in workflow_id is likelier than a missing environment), else the environment.
     */
    EnvironmentState load(WorkflowId workflow, EnvironmentName environment) {
        Optional<EnvironmentState> state = environments.find(workflow, environment);
        if (state.isPresent()) {
            return state.get();
        }
        boolean known;
        try {
            registry.resolve(workflow, new VersionRef(VersionRef.Kind.LATEST, Optional.empty()), Optional.empty());
            known = true;
        } catch (NotFoundException e) {
            known = false;
        }
        throw new NotFoundException(known
                ? "environment \"" + environment + "\" does not exist for workflow_id \"" + workflow
                        + "\"; create it before rolling it back"
                : "workflow_id \"" + workflow + "\" is unknown: it has no published versions and no environment \""
                        + environment + "\"");
    }

    /**
     * Audit places of the switch back after a failed verification: after verify's (5), before compensate's (9). An
     * entry is keyed by execution and place, so the revert's pause and switch need places of their own to be
     * recorded next to the forward ones rather than taken for their replays.
     */
    static final int REVERT_PAUSE_ORDER = 6;
    static final int REVERT_SWITCH_ORDER = 7;
    static final int REVERT_FINISH_ORDER = 8;
    static final String REVERT_FINISH_LABEL = "revert";

    void audit(RollbackTicket ticket, ChainStep step, Instant at, String detail) {
        int order = step.order();
        if (ticket.revert()) {
            order = switch (step) {
                case PAUSE -> REVERT_PAUSE_ORDER;
                case SWITCH -> REVERT_SWITCH_ORDER;
                default -> throw new IllegalArgumentException("the revert has no " + step.label() + " step");
            };
        }
        audit(ticket, order, step.label(), at, detail);
    }

    void audit(RollbackTicket ticket, int order, String label, Instant at, String detail) {
        journal.audit(new AuditEntry(ticket.workflowId(), ticket.environment(), ticket.startedAt(),
                ticket.executionId(), order, label, at.toString(), ticket.fromVersion(), ticket.targetVersion(),
                detail));
    }

    static String shortHash(String sha256) {
        return sha256 == null ? "-" : sha256.substring(0, Math.min(12, sha256.length()));
    }
}
