package dev.flowback.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flowback.cli.api.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * API Gateway's IAM check, as far as a signature goes, in front of the real API handler: each request's
 * Authorization header must be SigV4 for {@value ApiClient#SERVICE} in the expected region with the known access
 * key, and re-signing the request as received (the signed headers, the path, the query, the body) with the known
 * secret at the request's own X-Amz-Date must give the same signature. A request that fails is answered 403 in the
 * API's error shape, as the gateway would answer it, and the handler never sees it. Every header checked is kept,
 * so a test can assert on what was sent.
 */
final class SignatureCheck implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/"
            + "([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api;
    private final AwsBasicCredentials credentials;
    private final String region;
    final List<String> verified = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    SignatureCheck(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api,
                   AwsBasicCredentials credentials, String region) {
        this.api = api;
        this.credentials = credentials;
        this.region = region;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String authorization = header(event, "Authorization");
        String problem = problem(event, authorization);
        if (problem != null) {
            refused.add(problem);
            return new APIGatewayProxyResponseEvent().withStatusCode(403)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody("{\"error\": {\"code\": \"auth.denied\", \"message\": \"" + problem
                            + "\", \"field\": \"Authorization\"}}");
        }
        verified.add(authorization);
        return api.handleRequest(event, context);
    }

    private String problem(APIGatewayProxyRequestEvent event, String authorization) {
        if (authorization == null) {
            return "Missing Authentication Token";
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return "Authorization is not SigV4";
        }
        if (!m.group(1).equals(credentials.accessKeyId()) || !m.group(3).equals(region)
                || !m.group(4).equals(ApiClient.SERVICE)) {
            return "unexpected credential scope " + m.group(1) + "/" + m.group(3) + "/" + m.group(4);
        }
        String amzDate = header(event, "X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) {
            return "X-Amz-Date missing or not the credential scope's date";
        }
        String expected = resign(event, m.group(5).split(";"), Instant.from(AMZ_DATE.parse(amzDate)));
        return expected.equals(authorization) ? null : "The request signature we calculated does not match the"
                + " signature you provided";
    }

    private String resign(APIGatewayProxyRequestEvent event, String[] signedHeaders, Instant at) {
        String host = header(event, "Host");
        int colon = host.lastIndexOf(':');
        StringBuilder path = new StringBuilder("/" + event.getRequestContext().getStage());
        for (String segment : event.getPath().substring(1).split("/", -1)) {
            path.append(ApiClient.path(segment));
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(event.getHttpMethod()))
                .protocol("http").host(host.substring(0, colon)).port(Integer.parseInt(host.substring(colon + 1)))
                .encodedPath(path.toString());
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach(request::putRawQueryParameter);
        }
        for (String name : signedHeaders) {
            if (!name.equals("host") && !name.equals("x-amz-date")) {
                request.putHeader(name, header(event, name));
            }
        }
        byte[] body = event.getBody() == null ? new byte[0] : event.getBody().getBytes(StandardCharsets.UTF_8);
        return AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, ApiClient.SERVICE)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElse("");
    }

    private static String header(APIGatewayProxyRequestEvent event, String name) {
        return event.getHeaders() == null ? null : event.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
