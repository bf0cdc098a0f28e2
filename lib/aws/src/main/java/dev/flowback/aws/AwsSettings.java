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

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, URI> endpoints;
    private final List<ExecutionInterceptor> interceptors;

    private AwsSettings(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints,
                        List<ExecutionInterceptor> interceptors) {
        this.region = region;
        this.credentials = credentials;
        this.endpoints = Map.copyOf(endpoints);
        this.interceptors = List.copyOf(interceptors);
    }

    /** Production: region from {@code AWS_REGION}, credentials from the Lambda runtime's environment. */
    public static AwsSettings fromEnvironment() {
        String region = Optional.ofNullable(System.getenv("AWS_REGION"))
                .orElseThrow(() -> new IllegalStateException("environment variable AWS_REGION is not set"));
        return new AwsSettings(Region.of(region), EnvironmentVariableCredentialsProvider.create(), Map.of(),
                List.of());
    }

    /**
     * Local emulators: fixed region and credentials, and an endpoint per service id ({@code s3},
     * {@code dynamodb}, {@code sfn}, {@code cloudwatch}, {@code eventbridge}, {@code lambda}).
     */
    public static AwsSettings local(String accessKey, String secretKey, Map<String, URI> endpoints) {
        return new AwsSettings(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)), endpoints,
                List.of());
    }

    /** Applies region, credentials, the shared HTTP client and any endpoint override for {@code service}. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(SHARED_HTTP)
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

    /** The same settings with {@code service}'s endpoint set (or replaced): a local stack adding an emulator. */
    public AwsSettings withEndpoint(String service, URI endpoint) {
        Map<String, URI> more = new HashMap<>(endpoints);
        more.put(service, endpoint);
        return new AwsSettings(region, credentials, more, interceptors);
    }

    /**
     * The same settings with {@code interceptor} on every client built from them: how the benchmarks and tests count
     * the requests a rollback makes (production adds none).
     */
    public AwsSettings withInterceptor(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> more = new ArrayList<>(interceptors);
        more.add(interceptor);
        return new AwsSettings(region, credentials, endpoints, more);
    }

    public Optional<URI> endpoint(String service) {
        return Optional.ofNullable(endpoints.get(service));
    }
}
