package dev.flowback.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * An HTTP client that never opens a socket: it reads each request's body to the end (so the SDK marshals and streams
 * it as for the wire) and answers an empty JSON 200 with no Date header (so the SDK's clock-skew correction, a global,
 * is never moved). DynamoDB reads it as "no item", "no items"; other services fail to unmarshal it, which the
 * priming that uses it expects and ignores.
 */
final class OfflineHttpClient implements SdkHttpClient {
    static final OfflineHttpClient INSTANCE = new OfflineHttpClient();
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong requests = new AtomicLong();

    private OfflineHttpClient() {
    }

    /** Requests answered so far in this JVM. */
    static long requests() {
        return INSTANCE.requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream body = request.contentStreamProvider().get().newStream()) {
                        body.transferTo(OutputStream.nullOutputStream());
                    }
                }
                requests.incrementAndGet();
                return HttpExecuteResponse.builder()
                        .response(SdkHttpFullResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", String.valueOf(EMPTY_JSON.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_JSON)))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing is in flight: the answer is made in-process.
            }
        };
    }

    @Override
    public String clientName() {
        return "FlowbackOffline";
    }

    @Override
    public void close() {
        // Holds nothing.
    }
}
