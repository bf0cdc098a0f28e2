package dev.flowback.engine.gate;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.EngineAdmission;
import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.stores.FlowbackStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a workflow engine embeds to run one environment of one workflow under Flowback:
 * <pre>{@code
 * EngineGate gate = EngineGate.connect(AwsSettings.fromEnvironment(), "flowback", "flowback-snapshots",
 *         "wf-abc123", "prod", EngineGate.Options.defaults());
 * Admission admission = gate.admit(instanceId);          // refused at once while a rollback drains
 * if (admission.admitted()) {
 *     try { run(gate.activeDefinition().bytes()); } finally { gate.release(instanceId); }
 * }
 * }</pre>
 * The active definition is cached for {@link Options#cacheTtl()}: after that the pointer is read again (one small
 * GetItem) and the bytes are fetched and re-hashed only when the version changed. Every {@link #admit} reads the
 * environment item anyway, and the pointer revision it saw (bumped by every switch) is remembered: a revision newer
 * than the cached definition's makes the next {@link #activeDefinition} read again at once, so an instance admitted
 * after a switch starts on the switched-to version, not on the cached one. Instance leases expire after
 * {@link Options#leaseLength()}, so an engine that dies mid-instance never blocks a drain for ever; an instance that
 * runs longer calls {@link #renew}.
 *
 * <p>Thread-safe, and readers never wait for a refresh they do not need: a fresh cached definition is served without
 * a lock; when only the TTL ran out, one thread refreshes (an S3 GET and a SHA-256 of up to 10 MiB) while the others
 * keep serving the previous definition, which the TTL allows anyway. Only a thread that must not use the cached
 * definition (a newer revision was admitted, or nothing is cached) waits, for the one refresh in progress rather
 * than starting its own.
 */
public final class EngineGate {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final EngineAdmission admission;
    private final Clock clock;
    private final EnvironmentRef environment;
    private final Duration cacheTtl;
    /** Written only by the thread holding {@link #refreshing}; read by any. */
    private volatile Cached cached;
    /** The newest pointer revision an admission saw; -1 before the first. */
    private final AtomicLong admittedRevision = new AtomicLong(-1);
    private final ReentrantLock refreshing = new ReentrantLock();

    /**
     * @param cacheTtl    how long the active definition is served without looking at the pointer (unless an
     *                    admission saw a newer revision)
     * @param leaseLength how long an admitted instance counts as in flight without a renewal
     */
    public record Options(Duration cacheTtl, Duration leaseLength) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofMinutes(5));
        }
    }

    private record Cached(ActiveDefinition definition, Instant readAt) {
        boolean freshAt(Instant now, Duration ttl) {
            return readAt.plus(ttl).isAfter(now);
        }
    }

    public EngineGate(VersionRegistry registry, EnvironmentStore environments, InstanceLeases leases, Clock clock,
                      EnvironmentRef environment, Options options) {
        this.registry = registry;
        this.environments = environments;
        this.admission = new EngineAdmission(environments, leases, clock, options.leaseLength());
        this.clock = clock;
        this.environment = environment;
        this.cacheTtl = options.cacheTtl();
    }

    /** Builds its own clients from {@code settings}; call once per engine process. */
    public static EngineGate connect(AwsSettings settings, String table, String bucket, String workflowId,
                                     String environmentName, Options options) {
        Clock clock = Clock.systemUTC();
        FlowbackStores stores = FlowbackStores.onAws(settings, table, bucket, clock);
        return new EngineGate(stores.registry(), stores.environments(), stores.leases(), clock,
                EnvironmentRef.of(workflowId, environmentName), options);
    }

    /**
     * The definition to start new instances with. Throws NotFoundException when nothing is live yet and
     * IntegrityException when the stored bytes (or the version's recorded hash) no longer match what the switch
     * recorded: an engine must never run bytes nobody published.
     */
    public ActiveDefinition activeDefinition() {
        Cached current = cached;
        Instant now = clock.instant();
        boolean outdated = current == null || current.definition().revision() < admittedRevision.get();
        if (!outdated && current.freshAt(now, cacheTtl)) {
            return current.definition();
        }
        if (outdated) {
            // The cached definition must not be served: wait for the refresh in progress, or make it.
            refreshing.lock();
        } else if (!refreshing.tryLock()) {
            // Only the TTL ran out and another thread is already refreshing: the previous definition is still
            // what the TTL promises, so serve it rather than queue behind an S3 read.
            return current.definition();
        }
        try {
            // Another thread may have refreshed while this one waited for the lock.
            Cached latest = cached;
            if (latest != null && latest.definition().revision() >= admittedRevision.get()
                    && latest.freshAt(now, cacheTtl)) {
                return latest.definition();
            }
            Cached refreshed = read(latest, now);
            cached = refreshed;
            return refreshed.definition();
        } finally {
            refreshing.unlock();
        }
    }

    /** Reads the pointer; re-reads and re-hashes the bytes only when the version (or its hash) changed. */
    private Cached read(Cached previous, Instant now) {
        EnvironmentState state = environments.get(environment);
        ActivePointer pointer = state.pointer();
        if (pointer.activeVersion() == null) {
            throw new NotFoundException("nothing is live in " + environment + " yet");
        }
        if (previous != null && previous.definition().version().equals(pointer.activeVersion().value())
                && previous.definition().sha256().equals(pointer.activeSha256().hex())) {
            return new Cached(withRevision(previous.definition(), pointer.revision()), now);
        }
        VerifiedDefinition verified = registry.read(environment.workflow(), pointer.activeVersion());
        if (!verified.version().sha256().equals(pointer.activeSha256())) {
            throw new IntegrityException("the pointer of " + environment + " recorded sha256 "
                    + pointer.activeSha256() + " for " + pointer.activeVersion() + " but the version's record says "
                    + verified.version().sha256() + "; refusing to run it");
        }
        return new Cached(new ActiveDefinition(environment.workflow().value(), environment.environment().value(),
                pointer.activeVersion().value(), pointer.activeSha256().hex(), pointer.revision(),
                verified.version().format(), verified.bytes()), now);
    }

    /**
     * Admits a new instance with a lease, or refuses at once while the gate is closed. The revision the admission
     * read is remembered, so a switch it saw reaches {@link #activeDefinition} before the cache TTL ends.
     */
    public Admission admit(String instanceId) {
        EngineAdmission.Admission answer = admission.admit(environment, instanceId);
        admittedRevision.accumulateAndGet(answer.revision(), Math::max);
        return new Admission(answer.admitted(), answer.instanceId(), answer.leaseExpiresAt(), answer.refusal(),
                answer.activeVersion() == null ? null : answer.activeVersion().value(),
                answer.activeSha256() == null ? null : answer.activeSha256().hex(), answer.revision());
    }

    /** Extends a long-running instance's lease; returns the new expiry. */
    public Instant renew(String instanceId) {
        return admission.renew(environment, instanceId);
    }

    /** The instance finished (or failed): it no longer holds up a drain. */
    public void release(String instanceId) {
        admission.release(environment, instanceId);
    }

    private static ActiveDefinition withRevision(ActiveDefinition d, long revision) {
        return new ActiveDefinition(d.workflowId(), d.environment(), d.version(), d.sha256(), revision, d.format(),
                d.bytes());
    }
}
