package dev.flowback.core.rollback;

import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;
import java.util.Optional;

/**
 * Outgoing port: the environment item (DynamoDB in production), holding configuration, active pointer, admission
 * gate and rollback lock together. Every method is one single-item request, conditional where it changes state, so
 * no write needs a transaction and every write is safe to repeat.
 */
public interface EnvironmentStore {
    /** Creates the environment with nothing live, the gate open and the lock free; VersionConflictException if it exists. */
    void create(Environment environment, Instant now);

    /** Replaces the configuration only (never pointer, gate or lock); NotFoundException if it does not exist. */
    void updateSettings(Environment environment, Instant now);

    Optional<EnvironmentState> find(WorkflowId workflow, EnvironmentName environment);

    /**
     * Takes the lock for {@code executionId} until {@code expiresAt}: when it is free, when the holder's lease has
     * run out (the token then grows), or when {@code executionId} already holds it (re-entry: same token, lease
     * extended). Throws RollbackInProgressException naming the holder otherwise, NotFoundException when the
     * environment does not exist.
     *
     * <p>Taking the lock over also reopens a gate that an execution no longer holding the lock left closed (the
     * expired holder crashed between its pause and its compensation): engines already ignore such a gate, but left
     * CLOSED it would outlive the new execution if that one failed before its own pause. The new holder's own pause
     * closes it afresh.
     */
    RollbackLock acquireLock(WorkflowId workflow, EnvironmentName environment, String executionId, Instant now,
                             Instant expiresAt);

    /** Extends the lease; LockLostException unless {@code executionId} holds the lock with {@code token}. */
    void renewLock(WorkflowId workflow, EnvironmentName environment, String executionId, long token, Instant expiresAt);

    /** Frees the lock if {@code executionId} holds it. Returns whether it did; false for a replay (a no-op). */
    boolean releaseLock(WorkflowId workflow, EnvironmentName environment, String executionId);

    /**
     * Closes the gate for {@code executionId}, which must hold the lock with {@code token} (LockLostException
     * otherwise), and renews the lease. Closing a gate this execution closed already keeps the first closing
     * time, so a replayed pause computes the same drain deadline.
     */
    AdmissionGate closeGate(WorkflowId workflow, EnvironmentName environment, String executionId, long token,
                            Instant now, Instant lockExpiresAt);

    /** Opens the gate if {@code executionId} closed it. Returns whether it did; false when it was not closed by it. */
    boolean reopenGate(WorkflowId workflow, EnvironmentName environment, String executionId);

    /**
     * Moves the pointer in one conditional write (see {@link PointerSwitch}). Returns the pointer after the switch
     * and whether this call found it already done by the same switch (a replay). Throws LockLostException when the
     * lock or token no longer match and VersionConflictException when the pointer is not where it was expected.
     */
    SwitchOutcome switchPointer(PointerSwitch change);

    /**
     * One pointer move.
     *
     * @param holder        the execution that must hold the lock
     * @param token         the fencing token it must hold it with
     * @param switchId      recorded as the pointer's last switch; a replay finding it there with the pointer at
     *                      {@code target} is treated as done
     * @param expected      the version that must be live now, or null for a first deployment (nothing live)
     * @param lockExpiresAt the renewed lease
     */
    record PointerSwitch(
            WorkflowId workflow,
            EnvironmentName environment,
            String holder,
            long token,
            String switchId,
            VersionId expected,
            VersionId target,
            String targetSha256,
            Instant at,
            Instant lockExpiresAt) {

        public PointerSwitch withSwitchId(String id) {
            return new PointerSwitch(workflow, environment, holder, token, id, expected, target, targetSha256, at,
                    lockExpiresAt);
        }
    }

    record SwitchOutcome(ActivePointer pointer, boolean alreadyDone) {
    }
}
