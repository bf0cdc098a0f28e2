package dev.flowback.emulators;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) on a loopback port,
 * serving functions registered in this JVM. Point an AWS SDK, or aws-local-stepfunctions through
 * {@code AWS_ENDPOINT_URL_LAMBDA}, at {@link #endpoint()} and real handler code runs in-process.
 *
 * <p>Failures are answered as Lambda answers an unhandled error: 200 with
 * {@code X-Amz-Function-Error: Unhandled} and {@code {errorType, errorMessage, trace}}, the error type
 * being the exception's fully-qualified class name.
 */
public final class LocalLambdaServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";

    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final String INVOKE_SUFFIX = "/invocations";
    private static final String ARN_FUNCTION_MARKER = ":function:";
    /** A Parallel state calls several functions at once; a handful of threads covers our machines. */
    private static final int WORKER_THREADS = 8;
    /** Enough frames to locate a failure; a Lambda error document is not the place for a full trace. */
    private static final int TRACE_FRAMES = 20;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    private final List<LambdaInvocation> invocations = new CopyOnWriteArrayList<>();

    private LocalLambdaServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public static LocalLambdaServer start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local Lambda endpoint", e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
        LocalLambdaServer lambda = new LocalLambdaServer(server, workers);
        server.createContext(INVOKE_PREFIX, lambda::handle);
        server.setExecutor(workers);
        server.start();
        return lambda;
    }

    /** Serves {@code functionName}; a later registration under the same name replaces the earlier one. */
    public LocalLambdaServer register(String functionName, LambdaFunction function) {
        functions.put(Objects.requireNonNull(functionName), Objects.requireNonNull(function));
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The ARN a state machine names this function by; it resolves to the same registered function. */
    public static String functionArn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ARN_FUNCTION_MARKER + functionName;
    }

    /** Every call so far, in the order they finished. */
    public List<LambdaInvocation> invocations() {
        return List.copyOf(invocations);
    }

    public List<LambdaInvocation> invocations(String functionName) {
        return invocations.stream().filter(call -> call.functionName().equals(functionName)).toList();
    }

    public void clearInvocations() {
        invocations.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith(INVOKE_SUFFIX)) {
                respond(exchange, 404, Map.of("X-Amzn-ErrorType", "UnknownOperationException"),
                        awsError("UnknownOperationException", "only Invoke is served here: " + path));
                return;
            }
            String requested = URLDecoder.decode(
                    path.substring(INVOKE_PREFIX.length(), path.length() - INVOKE_SUFFIX.length()),
                    StandardCharsets.UTF_8);
            String name = functionName(requested);
            LambdaFunction function = functions.get(name);
            if (function == null) {
                respond(exchange, 404, Map.of("X-Amzn-ErrorType", "ResourceNotFoundException"),
                        awsError("ResourceNotFoundException", "Function not found: " + functionArn(name)));
                return;
            }
            byte[] payload = readAll(exchange.getRequestBody());
            invoke(exchange, name, function, payload);
        }
    }

    private void invoke(HttpExchange exchange, String name, LambdaFunction function, byte[] payload)
            throws IOException {
        String payloadText = new String(payload, StandardCharsets.UTF_8);
        byte[] result;
        try {
            result = function.invoke(payload);
        } catch (Exception | AssertionError e) {
            // AssertionError too: a handler written in a test may assert on its input, and the
            // execution should then fail visibly rather than hang on a dropped connection.
            byte[] error = unhandledError(e);
            invocations.add(new LambdaInvocation(name, payloadText, new String(error, StandardCharsets.UTF_8),
                    e.getClass().getName()));
            respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled"), error);
            return;
        }
        byte[] body = result == null ? "null".getBytes(StandardCharsets.UTF_8) : result;
        invocations.add(new LambdaInvocation(name, payloadText, new String(body, StandardCharsets.UTF_8), null));
        respond(exchange, 200, Map.of(), body);
    }

    /**
     * Accepts what the Invoke API accepts: a name, a name with a qualifier ({@code name:alias}), a
     * partial ARN ({@code account:function:name}) or a full ARN, with or without a qualifier.
     */
    static String functionName(String requested) {
        int marker = requested.indexOf(ARN_FUNCTION_MARKER);
        String rest = marker >= 0 ? requested.substring(marker + ARN_FUNCTION_MARKER.length()) : requested;
        int qualifier = rest.indexOf(':');
        return qualifier >= 0 ? rest.substring(0, qualifier) : rest;
    }

    private static byte[] unhandledError(Throwable e) {
        ObjectNode error = Json.MAPPER.createObjectNode()
                .put("errorType", e.getClass().getName())
                .put("errorMessage", Objects.toString(e.getMessage(), ""));
        ArrayNode trace = error.putArray("trace");
        Arrays.stream(e.getStackTrace()).limit(TRACE_FRAMES).map(StackTraceElement::toString).forEach(trace::add);
        return json(error);
    }

    private static byte[] awsError(String type, String message) {
        return json(Json.MAPPER.createObjectNode().put("Type", "User").put("Message", message)
                .put("__type", type));
    }

    private static byte[] json(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "emulator-lambda-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
