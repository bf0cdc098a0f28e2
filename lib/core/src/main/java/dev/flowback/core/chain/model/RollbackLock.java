package dev.flowback.core.chain.model;

import java.time.Instant;

/**
 * The environment's rollback lock: a lease held by one execution until {@code expiresAt}, and a fencing token that
 * grows by one with every acquisition (not with re-entry or renewal), so a step of an execution whose lease was
 * taken over can tell, and is told, that it lost the lock.
 *
 * @param holder the execution id holding it, or null when free
 * @param token  the last token handed out (kept when the lock is released, so tokens never repeat)
 */
public record RollbackLock(String holder, long token, Instant expiresAt) {
    public static final RollbackLock FREE = new RollbackLock(null, 0, null);

    public boolean isHeldBy(String executionId) {
        return holder != null && holder.equals(executionId);
    }

    /** Held by someone whose lease has not run out. */
    public boolean isHeld(Instant now) {
        return holder != null && expiresAt != null && expiresAt.isAfter(now);
    }
}
