package dev.flowback.engine.gate.internal;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.EngineAdmission;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.error.ErrorCatalog;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.engine.gate.GateException;
import dev.flowback.stores.FlowbackStores;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the public {@code EngineGate} runs on: the core's {@link EngineAdmission} over the DynamoDB stores, the
 * version registry over S3, and a cache of verified definitions by SHA-256. Every Flowback error is turned into the
 * public {@link GateException} here, so no core type reaches an engine.
 */
public final class GateRuntime {
    private final VersionRegistry registry;
    private final EngineAdmission admission;
    private final EnvironmentRef environment;
    private final DefinitionCache<Definition> definitions;

    /** One admission as the gate saw it; the version and hash are what the instance is pinned to. */
    public record Ticket(boolean admitted, String instanceId, Instant leaseExpiresAt, String refusal,
                         boolean retryable, String version, String sha256) {
    }

    /** Verified bytes of one version, as the cache keeps them (never handed out without a copy). */
    public record Definition(String format, byte[] bytes) {
    }

    public GateRuntime(VersionRegistry registry, EnvironmentStore environments, InstanceLeases leases, Clock clock,
                       String workflowId, String environmentName, Duration leaseLength, int cacheSize) {
        this.registry = registry;
        this.environment = translate(() -> EnvironmentRef.of(workflowId, environmentName));
        this.admission = new EngineAdmission(environments, leases, clock, leaseLength);
        this.definitions = new DefinitionCache<>(cacheSize);
    }

    /**
     * Over the table and bucket through the AWS SDK: credentials and region from the process environment, or, when
     * {@code endpoints} is not empty, those local endpoints with the given static credentials.
     */
    public static GateRuntime onAws(String table, String bucket, String workflowId, String environmentName,
                                    Duration leaseLength, int cacheSize, Clock clock, Map<String, URI> endpoints,
                                    String accessKey, String secretKey) {
        AwsSettings settings = endpoints.isEmpty() ? AwsSettings.fromEnvironment()
                : AwsSettings.local(accessKey, secretKey, endpoints);
        FlowbackStores stores = FlowbackStores.onAws(settings, table, bucket, clock);
        return new GateRuntime(stores.registry(), stores.environments(), stores.leases(), clock, workflowId,
                environmentName, leaseLength, cacheSize);
    }

    public String workflowId() {
        return environment.workflow().value();
    }

    public String environmentName() {
        return environment.environment().value();
    }

    /**
     * Admits with a lease (written before the gate is read, so a pause's count sees it) or refuses; the core's
     * admission refuses one that finds nothing live too, its lease withdrawn: there is no definition to pin.
     */
    public Ticket admit(String instanceId) {
        EngineAdmission.Admission answer = translate(() -> admission.admit(environment, instanceId));
        if (!answer.admitted()) {
            return new Ticket(false, instanceId, null, answer.refusal(), answer.retryable(), null, null);
        }
        return new Ticket(true, instanceId, answer.leaseExpiresAt(), null, true, answer.activeVersion().value(),
                answer.activeSha256().hex());
    }

    /**
     * The bytes of {@code version}, re-hashed by the registry and checked against the SHA-256 the admission pinned:
     * a version whose record no longer says that hash is refused, never served in its place.
     */
    public Definition definition(String version, String sha256) {
        return translate(() -> definitions.get(sha256, () -> {
            VerifiedDefinition verified = registry.read(environment.workflow(), VersionId.of(version));
            if (!verified.version().sha256().hex().equals(sha256)) {
                throw new IntegrityException("the pointer of " + environment + " recorded sha256 " + sha256 + " for "
                        + version + " but the version's record says " + verified.version().sha256()
                        + "; refusing to run it");
            }
            return new Definition(verified.version().format(), verified.bytes());
        }));
    }

    public Instant renew(String instanceId) {
        return translate(() -> admission.renew(environment, instanceId));
    }

    public void release(String instanceId) {
        translate(() -> {
            admission.release(environment, instanceId);
            return null;
        });
    }

    /** Cached definitions, for tests. */
    public int cachedDefinitions() {
        return definitions.size();
    }

    private static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (FlowbackException e) {
            throw new GateException(e.getMessage(), ErrorCatalog.isTransient(e), e);
        }
    }
}
