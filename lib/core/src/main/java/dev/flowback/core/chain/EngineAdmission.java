package dev.flowback.core.chain;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The engine's side of the admission gate. {@link #admit} writes the instance's lease first and reads the gate
 * second; the pause closes the gate first and counts leases second (see the pause step). That order is what
 * makes the drain count complete without a transaction. Leases expire, so an engine that dies mid-instance stops
 * counting as in flight after one lease length; a long instance renews its lease.
 *
 * <p>A closed gate holds only while the execution that closed it still holds the rollback lock: an execution that
 * crashed between pause and compensation leaves the gate closed, and without this rule no engine would start an
 * instance until someone noticed. Its lease running out reopens the gate for engines; the next rollback closes it
 * afresh.
 */
public final class EngineAdmission {
    private static final Pattern INSTANCE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    private final EnvironmentStore environments;
    private final InstanceLeases leases;
    private final Clock clock;
    private final Duration leaseLength;

    public EngineAdmission(EnvironmentStore environments, InstanceLeases leases, Clock clock, Duration leaseLength) {
        if (leaseLength.isNegative() || leaseLength.isZero()) {
            throw new IllegalArgumentException("the instance lease must be positive");
        }
        this.environments = environments;
        this.leases = leases;
        this.clock = clock;
        this.leaseLength = leaseLength;
    }

    /**
     * Admitted with a lease until {@code leaseExpiresAt}, or refused (the gate is closed) with the reason; either way
     * what the same read of the environment item showed live, so an engine that caches the active definition learns
     * of a switch from its next admission instead of its next cache expiry.
     *
     * @param activeVersion  the active version at the admission, or null when nothing is live (or no environment)
     * @param activeSha256   its SHA-256, or null
     * @param revision       the pointer's revision (bumped by every switch), 0 when nothing was ever live
     * @param retryable      refused for now (a rollback is draining, nothing is live yet) rather than for good (no
     *                       such environment)
     */
    public record Admission(boolean admitted, String instanceId, Instant leaseExpiresAt, String refusal,
                            VersionId activeVersion, ContentHash activeSha256, long revision, boolean retryable) {
    }

    public Admission admit(EnvironmentRef environment, String instanceId) {
        checkInstanceId(instanceId);
        Instant now = clock.instant();
        Instant expires = now.plus(leaseLength);
        leases.put(environment, instanceId, now, expires);
        EnvironmentState state = environments.find(environment).orElse(null);
        ActivePointer pointer = state == null ? ActivePointer.NOTHING_LIVE : state.pointer();
        VersionId active = pointer.activeVersion();
        if (state == null || active == null || isClosed(state, now)) {
            leases.remove(environment, instanceId);
            // A draining gate reopens and a first rollout makes something live: both worth asking again. A missing
            // environment needs a person.
            boolean retryable = state != null;
            return new Admission(false, instanceId, null, state == null
                    ? "environment " + environment + " does not exist"
                    : active == null ? "nothing is live in " + environment + ": no version has been rolled out to"
                            + " it, so there is no definition to start an instance on"
                    : "the gate of " + environment + " is closed by " + state.gate().closedBy()
                            + " (a rollback is draining); retry shortly", active, pointer.activeSha256(),
                    pointer.revision(), retryable);
        }
        return new Admission(true, instanceId, expires, null, active, pointer.activeSha256(), pointer.revision(),
                true);
    }

    /** Extends a running instance's lease; call it well within the lease length. */
    public Instant renew(EnvironmentRef environment, String instanceId) {
        checkInstanceId(instanceId);
        Instant now = clock.instant();
        Instant expires = now.plus(leaseLength);
        leases.put(environment, instanceId, now, expires);
        return expires;
    }

    public void release(EnvironmentRef environment, String instanceId) {
        checkInstanceId(instanceId);
        leases.remove(environment, instanceId);
    }

    /** Closed, and the closing execution's lease is still alive. */
    public static boolean isClosed(EnvironmentState state, Instant now) {
        AdmissionGate gate = state.gate();
        return gate.isClosed() && state.lock().isHeldBy(gate.closedBy()) && state.lock().isHeld(now);
    }

    private static void checkInstanceId(String instanceId) {
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new InvalidInputException("identifier.syntax", "instance_id", "instance_id must be 1 to 128 letters,"
                    + " digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
    }
}
