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

    /** How many leases have not expired at {@code now}. */
    int countActive(EnvironmentRef environment, Instant now);
}
