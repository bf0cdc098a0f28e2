package dev.flowback.core.rollback;

import dev.flowback.core.error.HealthCheckFailedException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import java.time.Instant;
import java.util.Optional;

/**
 * The last step of a revert (policy REVERT): Verify found the target unhealthy and marked it BAD, the state machine
 * paused, drained and switched back with the revert ticket; this reopens the gate on the version switched back to,
 * closes the record as REVERTED, releases the lock and answers the outcome the failure event carries.
 *
 * <p>It verifies nothing: the version switched back to is the one that ran before this execution, and judging it
 * could only lead to another switch. So a revert ends here, once.
 */
public final class RevertStep {
    private final ChainPorts ports;

    public RevertStep(ChainPorts ports) {
        this.ports = ports;
    }

    /**
     * @param revert   the revert ticket Verify handed back (from: the failed target, target: the version before)
     * @param switched the switch back
     * @param health   the verification window that failed, whose figures the outcome reports
     */
    public RollbackOutcome finish(RollbackTicket revert, SwitchResult switched, HealthWindow health) {
        if (!revert.revert()) {
            throw new InvalidInputException("field.value", "ticket.revert", "finishing a revert takes the revert"
                    + " ticket Verify answers with (\"revert\": true), not the ticket of " + revert.describe());
        }
        HealthReport report = health == null ? null : health.last();
        Optional<RollbackRecord> existing = ports.journal().find(revert.workflow(), revert.env(),
                revert.executionId());
        if (existing.isPresent() && existing.get().status().isFinal()) {
            // A replay: finish what a crash may have left (both no-ops otherwise) and answer the same.
            ports.environments().reopenGate(revert.workflow(), revert.env(), revert.executionId());
            ports.environments().releaseLock(revert.workflow(), revert.env(), revert.executionId());
            return RollbackOutcome.of(existing.get(), ports.load(revert.workflow(), revert.env()).pointer(), report);
        }
        RollbackRecord record = existing.orElseThrow(() -> new NotFoundException("no rollback record for execution "
                + revert.executionId() + " in " + revert.workflowId() + "/" + revert.environment()
                + ": the snapshot step opens it, so this ticket did not come from this environment's snapshot"));
        Instant now = ports.now();
        EnvironmentState state = ports.load(revert.workflow(), revert.env());
        // Fencing: an execution that lost its lock must not close its record as if its revert stood.
        ports.environments().renewLock(revert.workflow(), revert.env(), revert.executionId(), revert.lockToken(),
                ports.leaseEnd(now));
        // The revert's pause closed the gate; instances start again, on the version switched back to.
        ports.environments().reopenGate(revert.workflow(), revert.env(), revert.executionId());

        long revision = switched == null ? state.pointer().revision() : switched.revision();
        int inFlight = switched == null ? 0 : switched.inFlightAtSwitch();
        String healthText = report == null ? "no health check ran" : report.summary();
        String message = "switched " + record.workflowId() + "/" + record.environment() + " from "
                + record.fromVersion() + " to " + record.targetVersion() + " but it was unhealthy (" + healthText
                + "); policy REVERT: drained and switched back to " + revert.targetVersion() + " (revision "
                + revision + ")" + (inFlight > 0 ? ", forced with " + inFlight + " instance(s) still in flight" : "")
                + "; " + revert.fromVersion() + " marked BAD";
        RollbackRecord finished = record.finished(RollbackStatus.REVERTED, revision, now.toString(),
                HealthCheckFailedException.class.getName(), message, healthText);
        ports.journal().finish(finished);
        ports.environments().releaseLock(revert.workflow(), revert.env(), revert.executionId());
        ports.audit(revert, ChainPorts.REVERT_FINISH_ORDER, ChainPorts.REVERT_FINISH_LABEL, now,
                RollbackStatus.REVERTED + ": " + revert.targetVersion() + " live again at revision " + revision
                        + "; " + revert.fromVersion() + " BAD");
        return RollbackOutcome.of(finished, ports.load(revert.workflow(), revert.env()).pointer(), report);
    }
}
