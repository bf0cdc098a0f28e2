package dev.flowback.cli.api;

import dev.flowback.cli.CliFailure;
import dev.flowback.cli.Exit;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Calls the Flowback API as any IAM client would: each request signed with SigV4 for service
 * {@value #SERVICE} by the SDK's own signer, with the target's credentials and region.
 *
 * <p>The request travels on the JDK's HTTP client rather than the SDK's url-connection client: the API's
 * updateEnvironment operation is a PATCH, and HttpURLConnection (under the url-connection client) refuses that
 * method outright ("Invalid HTTP method: PATCH"). The signer signs the same bytes either way.
 */
public final class ApiClient {
    public static final String SERVICE = "execute-api";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** One HTTP client per process: connections are reused across a command's calls (and --wait's polls). */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ApiTarget target;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public ApiClient(ApiTarget target) {
        this.target = target;
    }

    public ApiTarget target() {
        return target;
    }

    /** One request: {@code path} below the base URL, built from {@link #path(String...)}. */
    public ApiAnswer send(String method, String path, Map<String, String> query, String contentType, String accept,
                          byte[] body) {
        URI base = target.baseUrl();
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol(base.getScheme())
                .host(base.getHost())
                .port(base.getPort())
                .encodedPath(base.getRawPath().replaceAll("/$", "") + path)
                .putHeader("Accept", accept);
        query.forEach(request::putRawQueryParameter);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        byte[] payload = body == null ? new byte[0] : body;
        SignedRequest signed = signer.sign(r -> r.identity(credentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, target.region().id()));
        return transmit(signed.request(), method, payload);
    }

    public ApiAnswer get(String path, Map<String, String> query) {
        return send("GET", path, query, null, "application/json", null);
    }

    public ApiAnswer postJson(String path, String json) {
        return send("POST", path, Map.of(), "application/json", "application/json",
                json.getBytes(StandardCharsets.UTF_8));
    }

    public ApiAnswer putJson(String path, String json) {
        return send("PUT", path, Map.of(), "application/json", "application/json",
                json.getBytes(StandardCharsets.UTF_8));
    }

    public ApiAnswer delete(String path) {
        return send("DELETE", path, Map.of(), null, "application/json", null);
    }

    /** A path from segments, each percent-encoded (an alarm name may hold spaces or slashes). */
    public static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    private AwsCredentials credentials() {
        try {
            return target.credentials().resolveCredentials();
        } catch (SdkClientException e) {
            throw new CliFailure(Exit.UNREACHABLE, "no AWS credentials found to sign the request with ("
                    + firstLine(e.getMessage()) + ")", "configure credentials the AWS CLI would find (aws configure,"
                    + " AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or use --local"
                    + " for the local stack", null, e);
        }
    }

    private ApiAnswer transmit(SdkHttpRequest signed, String method, byte[] payload) {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri()).timeout(REQUEST_TIMEOUT)
                .method(method, payload.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        // The JDK sets Host itself, from the same URI the signature covers.
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<String> response = HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, List<String>> headers = new LinkedHashMap<>(response.headers().map());
            return new ApiAnswer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            // Refused connections, timeouts and resets alike: nothing usable came back.
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(Exit.INTERRUPTED, "interrupted while calling " + target.baseUrl(),
                    "run the command again", null, e);
        }
    }

    private CliFailure unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String next = switch (target.kind()) {
            case LOCAL -> "the local stack's state file names this URL but nothing answers: start the local stack"
                    + " again (./flowback local up)";
            case STACK -> "check your network and the region; the URL is the stack's ApiUrl output";
            case URL -> "check the URL given with --api (or the profile's api) and your network";
        };
        return new CliFailure(Exit.UNREACHABLE, "no answer from the API at " + target.baseUrl() + " (" + why + ")",
                next, null, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the SDK's credential chain found none";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
