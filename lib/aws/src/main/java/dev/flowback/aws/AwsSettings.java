package dev.flowback.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How every AWS client in Flowback is built: one shared url-connection HTTP client (the lightest for Lambda
 * cold starts; Apache and Netty are excluded from the build), the region, and the credentials. In Lambda the
 * region and credentials come from the environment the runtime sets, and the SDK itself honours
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>}; local runs and tests pass explicit endpoints
 * instead of branching on "am I local".
 */
public final class AwsSettings {
    private static final SdkHttpClient SHARED_HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build();
    /** One HTTP attempt of an AWS call. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * One AWS call with its retries. A slow call must end as a retryable SDK error the state machine's Retry
     * handles, never as a Lambda timeout, which is not retried: TimeoutsTest holds every chain function's
     * timeout in template.yaml to at least two such calls, and the state's TimeoutSeconds above the function's.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(12);

    /**
     * The Lambda runtime's credentials, resolved on first use: the access key variables a plain start sets, else the
     * container endpoint a SnapStart restore uses. Two providers, not the SDK's default chain: the rest of that chain
     * (profiles, web identity, instance metadata) never applies in Lambda and costs classes at every cold start.
     */
    private static final AwsCredentialsProvider RUNTIME_CREDENTIALS = AwsCredentialsProviderChain.builder()
            .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                    ContainerCredentialsProvider.builder().build())
            .build();
    /** The SDK's endpoint variable of each service id {@link #configure} is given. */
    private static final Map<String, String> ENDPOINT_VARIABLES = Map.of(
            "s3", "AWS_ENDPOINT_URL_S3",
            "dynamodb", "AWS_ENDPOINT_URL_DYNAMODB",
            "sfn", "AWS_ENDPOINT_URL_SFN",
            "eventbridge", "AWS_ENDPOINT_URL_EVENTBRIDGE",
            "secretsmanager", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
            "cloudwatch", "AWS_ENDPOINT_URL_CLOUDWATCH",
            "lambda", "AWS_ENDPOINT_URL_LAMBDA");

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, URI> endpoints;
    private final SdkHttpClient http;
    private final List<ExecutionInterceptor> interceptors;

    private AwsSettings(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
        this(region, credentials, endpoints, SHARED_HTTP, List.of());
    }

    private AwsSettings(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints,
                        SdkHttpClient http, List<ExecutionInterceptor> interceptors) {
        this.region = region;
        this.credentials = credentials;
        this.endpoints = Map.copyOf(endpoints);
        this.http = http;
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * Production: region from {@code AWS_REGION}, credentials from the Lambda runtime: its environment variables, or,
     * in a function restored from a SnapStart snapshot (where the runtime sets no access key variables), its container
     * credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}). Neither is read until the first call, so
     * nothing of them is in a snapshot.
     */
    public static AwsSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The same from {@code variables}. An {@code AWS_ENDPOINT_URL_<SERVICE>} variable (the SDK's own names, which it
     * would honour anyway) becomes an explicit endpoint, so a function pointed at a local S3 server by its
     * environment alone uses path-style addressing, as the local settings do; Lambda sets none of them.
     */
    public static AwsSettings fromEnvironment(Map<String, String> variables) {
        String region = Optional.ofNullable(variables.get("AWS_REGION"))
                .orElseThrow(() -> new IllegalStateException("environment variable AWS_REGION is not set"));
        Map<String, URI> endpoints = new HashMap<>();
        ENDPOINT_VARIABLES.forEach((service, variable) -> {
            String value = variables.get(variable);
            if (value != null && !value.isBlank()) {
                endpoints.put(service, URI.create(value.strip()));
            }
        });
        return new AwsSettings(Region.of(region), RUNTIME_CREDENTIALS, endpoints);
    }

    /**
     * Local emulators: fixed region and credentials, and an endpoint per service id ({@code s3},
     * {@code dynamodb}, {@code sfn}, {@code cloudwatch}, {@code eventbridge}, {@code lambda}).
     */
    public static AwsSettings local(String accessKey, String secretKey, Map<String, URI> endpoints) {
        return new AwsSettings(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)), endpoints);
    }

    /** Applies region, credentials, the shared HTTP client and any endpoint override for {@code service}. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .executionInterceptors(interceptors)
                        .build());
        endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The region, for builders that are not clients (a presigner makes no calls of its own). */
    public Region region() {
        return region;
    }

    /** The credentials, for builders that are not clients (a presigner signs URLs with them). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * The same region and endpoints, but no network and no credentials: every request is marshalled, signed with a
     * fixed dummy key and answered in-process with an empty 200 ({@link OfflineHttpClient}). What a SnapStart priming
     * runs the handlers' code paths through, so the snapshot holds their loaded classes and nothing live: no
     * connection, no resolved credential.
     */
    public AwsSettings offline() {
        return new AwsSettings(region, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                "AKIAFLOWBACKPRIMING0", "flowback-priming-never-sent")), endpoints, OfflineHttpClient.INSTANCE,
                interceptors);
    }

    /** Requests the {@link #offline} settings' clients have answered in this JVM (none of them reached a network). */
    public static long offlineRequests() {
        return OfflineHttpClient.requests();
    }

    /** The same settings with other credentials (tests that watch when credentials are resolved). */
    public AwsSettings withCredentials(AwsCredentialsProvider other) {
        return new AwsSettings(region, other, endpoints, http, interceptors);
    }

    /** The same settings with {@code service}'s endpoint set (or replaced): a local stack adding an emulator. */
    public AwsSettings withEndpoint(String service, URI endpoint) {
        Map<String, URI> more = new HashMap<>(endpoints);
        more.put(service, endpoint);
        return new AwsSettings(region, credentials, more, http, interceptors);
    }

    /**
     * The same settings with {@code interceptor} on every client built from them: how the benchmarks and tests count
     * the requests a rollback makes (production adds none).
     */
    public AwsSettings withInterceptor(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> more = new ArrayList<>(interceptors);
        more.add(interceptor);
        return new AwsSettings(region, credentials, endpoints, http, more);
    }

    public Optional<URI> endpoint(String service) {
        return Optional.ofNullable(endpoints.get(service));
    }
}
