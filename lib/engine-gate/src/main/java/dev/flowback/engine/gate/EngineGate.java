package dev.flowback.engine.gate;

import dev.flowback.engine.gate.internal.GateRuntime;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a workflow engine embeds to run one environment of one workflow under Flowback:
 * <pre>{@code
 * EngineGate gate = EngineGate.builder("flowback", "flowback-snapshots", "wf-abc123", "prod").build();
 * Admission admission = gate.admit(instanceId);   // refused at once while a rollback drains
 * if (admission instanceof Admitted run) {
 *     try { engine.run(run.definition().bytes()); } finally { run.release(); }
 * }
 * }</pre>
 * <b>Run pinning.</b> An admission reads the environment's gate and pointer in the same request that lets the
 * instance in, and pins the instance to the version and SHA-256 the pointer named then. The definition is read
 * through that admission only, so an instance runs the version it was admitted at to its end, even when a rollback
 * switches the pointer meanwhile; the next admission pins the switched-to version. A definition is read from S3 and
 * re-hashed once per SHA-256 and then shared: content under a hash never changes, so nothing can go stale.
 *
 * <p><b>Draining.</b> The admission writes the instance's lease before it reads the gate, and a pause closes the gate
 * before it counts leases, so the drain sees every instance admitted before the close. Leases expire after the lease
 * length, so an engine that dies mid-instance never blocks a drain for ever; an instance that runs longer renews.
 *
 * <p>Thread-safe; build one per engine process and environment. No Flowback core or AWS type appears in this API.
 */
public final class EngineGate {
    private final GateRuntime runtime;

    EngineGate(GateRuntime runtime) {
        this.runtime = runtime;
    }

    /** A gate for one environment of one workflow, over Flowback's table and snapshot bucket. */
    public static Builder builder(String table, String bucket, String workflowId, String environment) {
        return new Builder(table, bucket, workflowId, environment);
    }

    /**
     * Admits a new instance, pinned to what is live now, or refuses it at once: while a rollback drains the
     * environment, before anything is live, or when the environment does not exist. A refused instance leaves no
     * lease behind. Throws IllegalArgumentException for an instance id Flowback cannot store (1 to 128 letters,
     * digits, '.', '_', ':' or '-') and GateException when storage fails.
     */
    public Admission admit(String instanceId) {
        GateRuntime.Ticket ticket = runtime.admit(instanceId);
        if (!ticket.admitted()) {
            return new Refused(instanceId, ticket.refusal(), ticket.retryable());
        }
        return new Admitted(runtime, instanceId, ticket.version(), ticket.sha256(), ticket.leaseExpiresAt());
    }

    /** Extends the lease of an instance known only by its id (after an engine restart, say). */
    public Instant renew(String instanceId) {
        return runtime.renew(instanceId);
    }

    /** Releases an instance known only by its id: it no longer holds up a drain. */
    public void release(String instanceId) {
        runtime.release(instanceId);
    }

    /** How the gate reaches Flowback's storage, and how long an instance counts as in flight without renewal. */
    public static final class Builder {
        private final String table;
        private final String bucket;
        private final String workflowId;
        private final String environment;
        private Duration leaseLength = Duration.ofMinutes(5);
        private int cachedDefinitions = 8;
        private Clock clock = Clock.systemUTC();
        private final Map<String, URI> endpoints = new HashMap<>();
        private String accessKey;
        private String secretKey;

        private Builder(String table, String bucket, String workflowId, String environment) {
            this.table = Objects.requireNonNull(table, "table");
            this.bucket = Objects.requireNonNull(bucket, "bucket");
            this.workflowId = Objects.requireNonNull(workflowId, "workflowId");
            this.environment = Objects.requireNonNull(environment, "environment");
        }

        /** How long an admitted instance counts as in flight without a renewal (default 5 minutes). */
        public Builder leaseLength(Duration length) {
            if (length == null || length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("the lease length must be positive");
            }
            this.leaseLength = length;
            return this;
        }

        /** How many versions' definitions stay in memory (default 8: the live one and a few before it). */
        public Builder cachedDefinitions(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one definition must fit in the cache");
            }
            this.cachedDefinitions = count;
            return this;
        }

        /** The clock leases are measured by (default: the system's, in UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Local emulators instead of AWS: an endpoint per service ({@code dynamodb}, {@code s3}) and static
         * credentials. Without it, region and credentials come from the process environment as the AWS SDK reads
         * them ({@code AWS_REGION}, the Lambda or container credentials).
         */
        public Builder localEndpoints(Map<String, URI> endpointsByService, String accessKey, String secretKey) {
            this.endpoints.putAll(endpointsByService);
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        public EngineGate build() {
            return new EngineGate(GateRuntime.onAws(table, bucket, workflowId, environment, leaseLength,
                    cachedDefinitions, clock, Map.copyOf(endpoints), accessKey, secretKey));
        }
    }
}
