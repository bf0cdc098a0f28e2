package dev.flowback.sandbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.api.ApiHandler;
import dev.flowback.function.api.ApiWiring;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stepfunctions.StateMachineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The API function served over HTTP on a loopback port, as API Gateway serves it: each request is matched against
 * the resource templates of openapi.yaml (literal segments before parameters, {@code {proxy+}} last), turned into
 * the {@link APIGatewayProxyRequestEvent} API Gateway's Lambda proxy integration sends (resource, path and query
 * parameters single- and multi-valued, headers, body, a request context with the stage and the caller's IAM
 * identity), and answered with the handler's response. Bodies over API Gateway's 10 MB payload limit are refused as
 * the gateway refuses them, without calling the function.
 *
 * <p>There is no SigV4 check: every request is taken as signed by the server's caller, or by the caller named in
 * the local-only {@value #CALLER_HEADER} header (which is removed before the event is built).
 */
public final class LocalApiServer implements AutoCloseable {
    /** The deployed API's stage; the local base URL ends with it too, so clients build URLs alike. */
    public static final String STAGE = "v1";
    /** Names the IAM principal of one request locally (tests acting as different callers). */
    public static final String CALLER_HEADER = "X-Flowback-Local-Caller";
    public static final String DEFAULT_CALLER = "arn:aws:iam::123456789012:user/local-developer";
    /** API Gateway's payload limit for REST APIs. */
    public static final int GATEWAY_PAYLOAD_MAX = 10 * 1024 * 1024;
    private static final String ACCOUNT = "123456789012";
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService workers;
    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
    private final List<String> resources;
    private final String caller;

    private LocalApiServer(HttpServer server, ExecutorService workers,
                           RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                           List<String> resources, String caller) {
        this.server = server;
        this.workers = workers;
        this.handler = handler;
        this.resources = resources;
        this.caller = caller;
    }

    /** Serves {@code handler} by the routes of {@code openApi} (the repository's openapi.yaml). */
    public static LocalApiServer start(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>
                                               handler, Path openApi, String caller) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local API server", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "local-api-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        LocalApiServer api = new LocalApiServer(server, workers, handler, resources(openApi), caller);
        server.createContext("/", api::handle);
        server.setExecutor(workers);
        server.start();
        return api;
    }

    /**
     * The API function wired to the local stack as template.yaml wires it in AWS: the storage's table and bucket, and
     * rollbacks started with StartExecution (the Step Functions adapter) of the runner's state machine on its local
     * Step Functions API, so they run the real definition over the real handlers; served by openapi.yaml's routes.
     */
    public static LocalApiServer onLocalStack(LocalStorage storage, LocalRollbackRunner runner, Clock clock) {
        return onLocalStack(runner, clock);
    }

    /** The same, for any stack that keeps LocalStorage's table and bucket names (the persistent local stack). */
    public static LocalApiServer onLocalStack(LocalRollbackRunner runner, Clock clock) {
        ApiWiring wiring = ApiWiring.onStepFunctions(runner.awsSettings(), new FunctionConfig(LocalStorage.TABLE,
                LocalStorage.BUCKET, FunctionConfig.DEFAULT_LOCK_LEASE), new StateMachineConfig(
                runner.stateMachineArn()), clock, StepLog.discard());
        return start(new ApiHandler(wiring), LocalTooling.get().root().resolve("openapi.yaml"), DEFAULT_CALLER);
    }

    /** The handler served, to call it with an event directly (as `sam local invoke -e` would). */
    public RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler() {
        return handler;
    }

    /** The base URL, stage included: {@code http://127.0.0.1:PORT/v1}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + STAGE);
    }

    /** The resource templates openapi.yaml defines, as API Gateway would hold them. */
    @SuppressWarnings("unchecked")
    static List<String> resources(Path openApi) {
        try {
            Map<String, Object> document = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(openApi));
            return List.copyOf(((Map<String, Object>) document.get("paths")).keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + openApi, e);
        }
    }

    /**
     * The template API Gateway would match {@code segments} to, with its path parameters: at each segment a literal
     * beats a parameter; {@code {proxy+}} takes whatever nothing else matched.
     */
    Optional<Match> match(List<String> segments) {
        Match best = null;
        int bestScore = -1;
        for (String resource : resources) {
            List<String> template = segments(resource);
            Map<String, String> params = new LinkedHashMap<>();
            int score = 0;
            boolean matches = true;
            if (template.size() == 1 && template.get(0).endsWith("+}")) {
                if (best == null) {
                    params.put(template.get(0).substring(1, template.get(0).length() - 2), String.join("/", segments));
                    best = new Match(resource, params);
                }
                continue;
            }
            if (template.size() != segments.size()) {
                continue;
            }
            for (int i = 0; i < template.size() && matches; i++) {
                String part = template.get(i);
                if (part.startsWith("{") && !segments.get(i).isEmpty()) {
                    params.put(part.substring(1, part.length() - 1), segments.get(i));
                } else if (!part.startsWith("{") && part.equals(segments.get(i))) {
                    score += 1 << (template.size() - i);
                } else {
                    matches = false;
                }
            }
            if (matches && score > bestScore) {
                best = new Match(resource, params);
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A matched resource template and the path parameters it binds. */
    record Match(String resource, Map<String, String> pathParameters) {
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            String prefix = "/" + STAGE;
            if (!rawPath.equals(prefix) && !rawPath.startsWith(prefix + "/")) {
                respond(exchange, 403, Map.of("Content-Type", "application/json"), gatewayError("auth.missing",
                        "Missing Authentication Token", "Authorization").getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody(), GATEWAY_PAYLOAD_MAX);
            if (body == null) {
                respond(exchange, 413, Map.of("Content-Type", "application/json"), gatewayError("body.too_large",
                        "Request Too Long", "body").getBytes(StandardCharsets.UTF_8));
                return;
            }
            APIGatewayProxyRequestEvent event = event(exchange, rawPath.substring(prefix.length()), body);
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
            byte[] answer = response.getBody() == null ? new byte[0]
                    : Boolean.TRUE.equals(response.getIsBase64Encoded())
                    ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            respond(exchange, response.getStatusCode() == null ? 502 : response.getStatusCode(), headers, answer);
        }
    }

    private APIGatewayProxyRequestEvent event(HttpExchange exchange, String path, byte[] body) {
        String requestPath = path.isEmpty() ? "/" : path;
        List<String> segments = new ArrayList<>();
        for (String raw : requestPath.substring(1).split("/", -1)) {
            segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        Match match = match(segments).orElse(new Match("/{proxy+}", Map.of("proxy", String.join("/", segments))));

        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        String requestCaller = caller;
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(CALLER_HEADER)) {
                requestCaller = header.getValue().get(0);
                continue;
            }
            headers.put(header.getKey(), header.getValue().get(header.getValue().size() - 1));
            multiHeaders.put(header.getKey(), List.copyOf(header.getValue()));
        }

        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, value);
                multiQuery.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }

        Instant now = Instant.now();
        String stagePath = "/" + STAGE + requestPath;
        ProxyRequestContext context = new ProxyRequestContext()
                .withAccountId(ACCOUNT)
                .withApiId("local")
                .withStage(STAGE)
                .withRequestId(UUID.randomUUID().toString())
                .withHttpMethod(exchange.getRequestMethod())
                .withResourcePath(match.resource())
                .withResourceId("local")
                .withPath(stagePath)
                .withProtocol(exchange.getProtocol())
                .withIdentity(new RequestIdentity()
                        .withAccountId(ACCOUNT)
                        .withCaller(requestCaller)
                        .withUserArn(requestCaller)
                        .withUser(requestCaller.substring(requestCaller.lastIndexOf('/') + 1))
                        .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .withUserAgent(headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(
                                "User-Agent")).map(Map.Entry::getValue).findFirst().orElse(null)));
        context.setRequestTimeEpoch(now.toEpochMilli());
        context.setRequestTime(REQUEST_TIME.format(now));
        return new APIGatewayProxyRequestEvent()
                .withResource(match.resource())
                .withPath(requestPath)
                .withHttpMethod(exchange.getRequestMethod())
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withStageVariables(null)
                .withRequestContext(context)
                // No binary media types are configured on the deployed API: API Gateway passes bodies as text.
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false);
    }

    private static List<String> segments(String resource) {
        return List.of(resource.substring(1).split("/", -1));
    }

    private static String gatewayError(String code, String message, String field) {
        return "{\"error\": {\"code\": \"" + code + "\", \"message\": \"" + message + "\", \"field\": \"" + field
                + "\"}}";
    }

    /** The body, or null when it is longer than {@code max}. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
