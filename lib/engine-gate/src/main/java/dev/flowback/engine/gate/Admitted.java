package dev.flowback.engine.gate;

import dev.flowback.engine.gate.internal.GateRuntime;
import java.time.Instant;

/**
 * An instance the gate let in, pinned to the version live at that moment and to that version's SHA-256. Whatever
 * switches happen while it runs, {@link #definition()} gives the bytes of exactly that version, and a drain counts
 * the instance until {@link #release()} (or until its lease runs out, if the engine dies first).
 */
public final class Admitted implements Admission {
    private final GateRuntime runtime;
    private final String instanceId;
    private final String version;
    private final String sha256;
    private volatile Instant leaseExpiresAt;

    Admitted(GateRuntime runtime, String instanceId, String version, String sha256, Instant leaseExpiresAt) {
        this.runtime = runtime;
        this.instanceId = instanceId;
        this.version = version;
        this.sha256 = sha256;
        this.leaseExpiresAt = leaseExpiresAt;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public boolean admitted() {
        return true;
    }

    /** The version this instance runs to its end. */
    public String version() {
        return version;
    }

    /** The SHA-256 (hex) of that version's bytes, as the pointer recorded it when the instance was admitted. */
    public String sha256() {
        return sha256;
    }

    public Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    /**
     * The definition this instance runs: the pinned version's bytes, re-hashed against the pinned SHA-256 (read once
     * per hash and shared by the gate's instances). Throws GateException when the stored bytes no longer match: an
     * engine must never run bytes nobody published.
     */
    public PinnedDefinition definition() {
        GateRuntime.Definition definition = runtime.definition(version, sha256);
        return new PinnedDefinition(runtime.workflowId(), runtime.environmentName(), version, sha256,
                definition.format(), definition.bytes());
    }

    /** Extends the lease of a long-running instance; call it well within the lease length. */
    public Instant renew() {
        Instant expires = runtime.renew(instanceId);
        leaseExpiresAt = expires;
        return expires;
    }

    /** The instance finished (or failed): it no longer holds up a drain. Releasing twice is harmless. */
    public void release() {
        runtime.release(instanceId);
    }

    @Override
    public String toString() {
        return "Admitted[" + instanceId + " on " + version + " (sha256 " + sha256 + ")]";
    }
}
