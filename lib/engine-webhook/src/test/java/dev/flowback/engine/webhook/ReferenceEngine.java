package dev.flowback.engine.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowback.core.definition.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference implementation of the webhook protocol, as an engine team would write it in an afternoon: verify the
 * signature, then close, count, apply, open or report. Its state is an admission switch, a count of runs in flight
 * the test sets, and the version, hash and bytes it runs. A {@link Flaw} breaks one rule on purpose, so tests can show
 * the conformance kit catches it. Published in this module's test jar, so the sandbox's scenarios run the real state
 * machine against it.
 */
public final class ReferenceEngine implements AutoCloseable {
    private static final ObjectMapper JSON = Json.strict().build();

    public enum Flaw { ACCEPTS_REPLAYS, SKIPS_HASH_CHECK, COUNTS_NEGATIVE }

    private final HttpServer server;
    private final WebhookSignature.Verifier verifier;
    private final Clock clock;
    private final Set<Flaw> flaws;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean open = true;
    private volatile String version;
    private volatile String sha256;
    private volatile byte[] definition;
    private volatile int failNextWith;

    private ReferenceEngine(byte[] key, Clock clock, Set<Flaw> flaws) throws IOException {
        this.verifier = new WebhookSignature.Verifier(key);
        this.clock = clock;
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/flowback/v1/", this::handle);
        server.start();
    }

    public static ReferenceEngine start(byte[] key, Clock clock, Flaw... flaws) {
        try {
            return new ReferenceEngine(key, clock, Set.of(flaws));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/flowback/v1");
    }

    public void setInFlight(int runs) {
        inFlight.set(runs);
    }

    public boolean admits() {
        return open;
    }

    public String runningSha256() {
        return sha256;
    }

    public byte[] runningDefinition() {
        return definition == null ? null : definition.clone();
    }

    /** The next request is answered with {@code status} (after its signature passed). */
    public void failNextWith(int status) {
        failNextWith = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            WebhookSignature.Verifier.Refusal refusal = verifier.check(
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.NONCE),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE), exchange.getRequestMethod(),
                    path, body, clock.instant());
            if (refusal == WebhookSignature.Verifier.Refusal.REPLAYED && flaws.contains(Flaw.ACCEPTS_REPLAYS)) {
                refusal = null;
            }
            if (refusal != null) {
                reply(exchange, 401, error(refusal.name().toLowerCase(), "request refused: " + refusal));
                return;
            }
            if (failNextWith != 0) {
                int status = failNextWith;
                failNextWith = 0;
                reply(exchange, status, error("injected", "failing on purpose"));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                reply(exchange, 400, error("bad_request", "the body is not JSON"));
                return;
            }
            String operation = path.substring(path.lastIndexOf('/') + 1);
            ObjectNode answer = JSON.createObjectNode();
            switch (operation) {
                case WebhookProtocol.CLOSE -> {
                    open = false;
                    answer.put("admission", "closed");
                }
                case WebhookProtocol.OPEN -> {
                    open = true;
                    answer.put("admission", "open");
                }
                case WebhookProtocol.COUNT -> answer.put("in_flight", flaws.contains(Flaw.COUNTS_NEGATIVE) ? -1
                        : inFlight.get());
                case WebhookProtocol.STATUS -> running(answer);
                case WebhookProtocol.APPLY -> {
                    byte[] bytes = Base64.getDecoder().decode(request.path("definition_base64").asText());
                    String named = request.path("sha256").asText();
                    if (!flaws.contains(Flaw.SKIPS_HASH_CHECK)
                            && !HexFormat.of().formatHex(WebhookSignature.sha256(bytes)).equals(named)) {
                        reply(exchange, 422, error("sha256_mismatch", "the definition does not hash to " + named));
                        return;
                    }
                    version = request.path("version").asText();
                    sha256 = named;
                    definition = bytes;
                    running(answer);
                }
                default -> {
                    reply(exchange, 404, error("unknown_operation", operation + " is not an operation"));
                    return;
                }
            }
            reply(exchange, 200, answer);
        }
    }

    private void running(ObjectNode answer) {
        if (version == null) {
            answer.putNull("version");
            answer.putNull("sha256");
        } else {
            answer.put("version", version);
            answer.put("sha256", sha256);
        }
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
