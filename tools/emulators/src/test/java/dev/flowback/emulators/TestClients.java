package dev.flowback.emulators;

import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Real SDK clients of a local endpoint, built as the project builds its own (url-connection HTTP client). */
final class TestClients {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private TestClients() {
    }

    static SfnClient sfn(URI endpoint) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
                        "local-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Polls until {@code condition} holds, failing at the deadline. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        Polling.awaitTrue(condition, DEADLINE, what);
    }
}
