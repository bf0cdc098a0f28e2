package dev.flowback.core.chain.port;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.Optional;

/**
 * Outgoing port: the environment item (DynamoDB in production), holding configuration, active pointer, admission
 * gate and rollback lock together. Every method is one single-item request, conditional where it changes state, so
 * no write needs a transaction and every write is safe to repeat.
 */
public interface EnvironmentStore {
    /** Creates the environment with nothing live, the gate open and the lock free; VersionConflictException if it
     * exists. */
    void create(Environment environment, Instant now);

    /** Replaces the configuration only (never pointer, gate or lock); NotFoundException if it does not exist. */
    void updateSettings(Environment environment, Instant now);

    Optional<EnvironmentState> find(EnvironmentRef environment);

    /** The environment, or NotFoundException in the one wording every caller uses. */
    default EnvironmentState get(EnvironmentRef environment) {
        return find(environment).orElseThrow(() -> notFound(environment));
    }

    /** The one wording for a missing environment, wherever it is found missing. */
    static NotFoundException notFound(EnvironmentRef environment) {
        return new NotFoundException("environment \"" + environment.environment() + "\" does not exist for"
                + " workflow_id \"" + environment.workflow() + "\"; create it first");
    }

    /**
     * A missing environment of a workflow that has no versions either: the workflow is named as the field at fault,
     * since a typo in workflow_id is likelier than a missing environment.
     */
    static NotFoundException unknownWorkflow(EnvironmentRef environment) {
        return new NotFoundException("workflow_id \"" + environment.workflow() + "\" is unknown: it has no published"
                + " versions and no environment \"" + environment.environment() + "\"");
    }

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
    RollbackLock acquireLock(EnvironmentRef environment, String executionId, Instant now,
                             Instant expiresAt);

    /**
     * Takes the lock as {@link #acquireLock} does and answers the environment as the lock's write left it: what the
     * snapshot resolves against under the lock. The DynamoDB store answers from the write's own response (one
     * request); this default reads again.
     */
    default EnvironmentState acquireLockReading(EnvironmentRef environment, String executionId, Instant now,
                                                Instant expiresAt) {
        acquireLock(environment, executionId, now, expiresAt);
        return get(environment);
    }

    /**
     * Extends the lease; LockLostException unless {@code executionId} holds the lock with {@code token}. Answers the
     * environment as the renewal left it (settings, pointer and gate as they are while the lock is held), so a step
     * that renews needs no read of its own.
     */
    EnvironmentState renewLock(EnvironmentRef environment, String executionId, long token, Instant expiresAt);

    /** Frees the lock if {@code executionId} holds it. Returns whether it did; false for a replay (a no-op). */
    boolean releaseLock(EnvironmentRef environment, String executionId);

    /**
     * Closes the gate for {@code executionId}, which must hold the lock with {@code token} (LockLostException
     * otherwise), and renews the lease. Closing a gate this execution closed already keeps the first closing
     * time, so a replayed pause computes the same drain deadline.
     */
    AdmissionGate closeGate(EnvironmentRef environment, String executionId, long token,
                            Instant now, Instant lockExpiresAt);

    /** Opens the gate if {@code executionId} closed it. Returns whether it did; false when it was not closed by it. */
    boolean reopenGate(EnvironmentRef environment, String executionId);

    /**
     * Moves the pointer in one conditional write (see {@link PointerSwitch}). Returns the environment after the
     * switch and whether this call found it already done by the same switch (a replay). Throws LockLostException
     * when the lock or token no longer match and VersionConflictException when the pointer is not where it was
     * expected.
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
            EnvironmentRef environment,
            String holder,
            long token,
            String switchId,
            VersionId expected,
            VersionId target,
            ContentHash targetSha256,
            Instant at,
            Instant lockExpiresAt) {
    }

    /** The environment as the switch left it (or a replay found it), and whether it was a replay. */
    record SwitchOutcome(EnvironmentState state, boolean alreadyDone) {
        public ActivePointer pointer() {
            return state.pointer();
        }
    }
}
