package dev.flowback.secrets;

import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.StorageFailureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets from AWS Secrets Manager ({@code GetSecretValue} of the current version), cached per ARN for a short
 * time: a chain step calls the engine a few times per execution and a warm Lambda container serves many, so a value
 * is fetched once per container and TTL rather than once per call, and a rotated secret is picked up within the TTL
 * (or at once, after the engine refused the old one and the caller {@link #forget forgot} it). Error messages name
 * the ARN, never the value.
 */
public final class SecretsManagerStore implements SecretStore {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final SecretsManagerClient client;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(SecretValue value, Instant readAt) {
    }

    public SecretsManagerStore(SecretsManagerClient client, Clock clock, Duration ttl) {
        this.client = client;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The one way a Secrets Manager client is built: the shared settings (url-connection HTTP client, endpoints). */
    public static SecretsManagerClient client(AwsSettings settings) {
        return settings.configure(SecretsManagerClient.builder(), "secretsmanager").build();
    }

    public static SecretsManagerStore onAws(AwsSettings settings, Clock clock) {
        return new SecretsManagerStore(client(settings), clock, DEFAULT_TTL);
    }

    @Override
    public SecretValue read(String arn) {
        Instant now = clock.instant();
        Cached cached = cache.get(arn);
        if (cached != null && cached.readAt().plus(ttl).isAfter(now)) {
            return cached.value();
        }
        GetSecretValueResponse response = AwsErrors.call("reading secret " + arn, () -> {
            try {
                return client.getSecretValue(b -> b.secretId(arn));
            } catch (ResourceNotFoundException e) {
                throw new NotFoundException("secret " + arn + " does not exist (or has no current value) in Secrets"
                        + " Manager; create it, or name the right ARN in the environment's engine settings");
            }
        });
        if (response.secretString() == null) {
            throw new StorageFailureException("secret " + arn + " holds binary data; engine credentials are stored as"
                    + " a secret string", null);
        }
        SecretValue value = new SecretValue(response.secretString());
        cache.put(arn, new Cached(value, now));
        return value;
    }

    @Override
    public void forget(String arn) {
        cache.remove(arn);
    }
}
