package dev.flowback.core.rollback;

import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.WorkflowId;
import java.time.Instant;

/**
 * Outgoing port: one lease per running workflow instance, kept beside the environment (DynamoDB in production).
 * A lease that is not released expires, so an engine that crashed mid-instance never blocks a drain for ever.
 */
public interface InstanceLeases {
    /** Writes (or renews) the instance's lease. */
    void put(WorkflowId workflow, EnvironmentName environment, String instanceId, Instant admittedAt,
             Instant expiresAt);

    /** Deletes the lease; deleting one that is gone is not an error. */
    void remove(WorkflowId workflow, EnvironmentName environment, String instanceId);

    /** How many leases have not expired at {@code now}. */
    int countActive(WorkflowId workflow, EnvironmentName environment, Instant now);
}
