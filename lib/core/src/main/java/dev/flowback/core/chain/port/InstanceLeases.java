package dev.flowback.core.chain.port;

import dev.flowback.core.id.EnvironmentRef;
import java.time.Instant;

/**
 * Outgoing port: one lease per running workflow instance, kept beside the environment (DynamoDB in production).
 * A lease that is not released expires, so an engine that crashed mid-instance never blocks a drain for ever.
 */
public interface InstanceLeases {
    /** Writes (or renews) the instance's lease. */
    void put(EnvironmentRef environment, String instanceId, Instant admittedAt, Instant expiresAt);

    /** Deletes the lease; deleting one that is gone is not an error. */
    void remove(EnvironmentRef environment, String instanceId);

    /** How many leases have not expired at {@code now}. Read-only: what a dry run and the API may call. */
    int countActive(EnvironmentRef environment, Instant now);

    /**
     * As {@link #countActive}, and deletes expired leases on the way (some at most per call), so what crashed
     * engines left behind does not grow the count's cost: what the pause and its drain loop call.
     */
    int countActiveClearingExpired(EnvironmentRef environment, Instant now);
}
