package dev.flowback.engine.webhook.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.definition.Json;
import dev.flowback.engine.webhook.WebhookProtocol;
import dev.flowback.engine.webhook.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks an engine team runs against its own implementation of Flowback's webhook protocol before binding an
 * environment to it: signatures enforced (unsigned, wrongly keyed, stale and replayed requests refused with 401),
 * every operation answering its shape, close and open idempotent, apply refusing bytes that do not match their
 * SHA-256 and then running exactly the bytes it was given, status reporting what apply applied, unknown operations
 * and malformed bodies refused.
 *
 * <p>It applies a probe definition, so point it at a staging instance of the engine:
 * <pre>
 * java -cp flowback-engine-webhook.jar:... dev.flowback.engine.webhook.conformance.ConformanceKit \
 *     --url https://engine.staging.internal/flowback/v1 --key-file key.txt \
 *     --workflow wf-abc123 --environment staging [--definition probe.json --version v0.0.1 --format flowback]
 * </pre>
 * It prints one line per check and exits 0 when every check passed, 1 otherwise.
 */
public final class ConformanceKit {
    private static final ObjectMapper JSON = Json.strict().build();
    private static final byte[] DEFAULT_PROBE = ("{\"schemaVersion\": \"1.0\", \"name\": \"flowback-conformance\","
            + " \"engine\": {\"name\": \"any\", \"version\": \">=0.0.0\"}, \"nodes\": [{\"id\": \"start\", \"type\":"
            + " \"start\"}], \"edges\": []}").getBytes(StandardCharsets.UTF_8);

    private final URI url;
    private final byte[] key;
    private final String workflowId;
    private final String environment;
    private final Probe probe;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The definition the kit applies: bytes the engine under test accepts, with the version and format named. */
    public record Probe(String version, String format, byte[] bytes) {
        public static Probe standard() {
            return new Probe("v0.0.1-conformance", "flowback", DEFAULT_PROBE);
        }
    }

    /** One check: its name, whether it passed, and what was seen. */
    public record Check(String name, boolean passed, String detail) {
        public String line() {
            return (passed ? "PASS " : "FAIL ") + name + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    public record Report(List<Check> checks) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public List<String> failures() {
            return checks.stream().filter(c -> !c.passed()).map(Check::line).toList();
        }
    }

    public ConformanceKit(URI url, byte[] key, String workflowId, String environment, Probe probe, Clock clock) {
        this.url = URI.create(url.toString().replaceAll("/+$", ""));
        this.key = key.clone();
        this.workflowId = workflowId;
        this.environment = environment;
        this.probe = probe;
        this.clock = clock;
    }

    /** An answer: status and JSON body (null when there was none, or not JSON). */
    private record Answer(int status, JsonNode body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Report run() {
        List<Check> checks = new ArrayList<>();
        byte[] statusBody = body(Map.of());
        checks.add(check("an unsigned request is refused with 401", () -> expectStatus(
                raw("status", statusBody, null, null, null), 401)));
        checks.add(check("a request signed with another key is refused with 401", () -> {
            long now = clock.instant().getEpochSecond();
            String nonce = WebhookSignature.nonce();
            return expectStatus(raw("status", statusBody, Long.toString(now), nonce, WebhookSignature.sign(
                    "not-the-key".getBytes(StandardCharsets.UTF_8), now, nonce, "POST", path("status"), statusBody)),
                    401);
        }));
        checks.add(check("a request with a stale timestamp (10 minutes old) is refused with 401", () -> {
            long old = clock.instant().minus(Duration.ofMinutes(10)).getEpochSecond();
            String nonce = WebhookSignature.nonce();
            return expectStatus(raw("status", statusBody, Long.toString(old), nonce, WebhookSignature.sign(key, old,
                    nonce, "POST", path("status"), statusBody)), 401);
        }));
        checks.add(check("a replayed request (same nonce) is refused with 401", () -> {
            long now = clock.instant().getEpochSecond();
            String nonce = WebhookSignature.nonce();
            String signature = WebhookSignature.sign(key, now, nonce, "POST", path("status"), statusBody);
            Answer first = raw("status", statusBody, Long.toString(now), nonce, signature);
            if (first.status() != 200) {
                return "the first sending should pass, it was answered " + first;
            }
            return expectStatus(raw("status", statusBody, Long.toString(now), nonce, signature), 401);
        }));
        checks.add(check("a signed body that is not JSON is refused with 400", () -> expectStatus(
                signed("status", "{not json".getBytes(StandardCharsets.UTF_8)), 400)));
        checks.add(check("an unknown operation is refused with 404", () -> expectStatus(
                signed("reboot", statusBody), 404)));
        checks.add(check("status answers version and sha256 (both null, or a version and 64 hex)", () ->
                runningShape(signed("status", statusBody))));
        checks.add(check("close answers {\"admission\": \"closed\"}, twice", () -> admission("close", "closed")));
        checks.add(check("count answers {\"in_flight\": n >= 0}", () -> {
            Answer answer = signed("count", statusBody);
            JsonNode n = answer.body() == null ? null : answer.body().path("in_flight");
            return answer.status() == 200 && n != null && n.isIntegralNumber() && n.asInt() >= 0 ? null
                    : "answered " + answer;
        }));
        String probeSha = hex(sha256(probe.bytes()));
        checks.add(check("apply refuses bytes whose SHA-256 is not the one named, with 422, and runs on", () -> {
            Answer before = signed("status", statusBody);
            Map<String, Object> wrong = applyFields(probe.bytes(), "0".repeat(64));
            String refused = expectStatus(signed("apply", body(wrong)), 422);
            if (refused != null) {
                return refused;
            }
            Answer after = signed("status", statusBody);
            return before.body() != null && before.body().equals(after.body()) ? null
                    : "status changed after a refused apply: " + before + " -> " + after;
        }));
        checks.add(check("apply runs the probe and answers its version and sha256", () -> {
            Answer answer = signed("apply", body(applyFields(probe.bytes(), probeSha)));
            return runs(answer, probeSha);
        }));
        checks.add(check("apply of what already runs is idempotent", () -> runs(signed("apply",
                body(applyFields(probe.bytes(), probeSha))), probeSha)));
        checks.add(check("status then reports the probe", () -> runs(signed("status", statusBody), probeSha)));
        checks.add(check("open answers {\"admission\": \"open\"}, twice", () -> admission("open", "open")));
        return new Report(checks);
    }

    private interface Probing {
        /** Null when the check passed, else what was wrong. */
        String problem() throws Exception;
    }

    private static Check check(String name, Probing probing) {
        try {
            String problem = probing.problem();
            return new Check(name, problem == null, problem == null ? "" : problem);
        } catch (Exception e) {
            return new Check(name, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private String admission(String operation, String state) throws Exception {
        for (int i = 0; i < 2; i++) {
            Answer answer = signed(operation, body(Map.of()));
            if (answer.status() != 200 || answer.body() == null || !state.equals(answer.body().path("admission")
                    .asText())) {
                return (i == 0 ? "" : "the second time, ") + "answered " + answer;
            }
        }
        return null;
    }

    private String runs(Answer answer, String sha) {
        if (answer.status() != 200 || answer.body() == null) {
            return "answered " + answer;
        }
        return probe.version().equals(answer.body().path("version").asText()) && sha.equals(answer.body()
                .path("sha256").asText()) ? null : "expected version " + probe.version() + " sha256 " + sha
                + ", answered " + answer;
    }

    private static String runningShape(Answer answer) {
        if (answer.status() != 200 || answer.body() == null) {
            return "answered " + answer;
        }
        JsonNode version = answer.body().path("version");
        JsonNode sha = answer.body().path("sha256");
        boolean none = version.isNull() && sha.isNull();
        boolean some = version.isTextual() && sha.isTextual() && sha.asText().matches("[0-9a-f]{64}");
        return none || some ? null : "answered " + answer;
    }

    private static String expectStatus(Answer answer, int status) {
        return answer.status() == status ? null : "expected " + status + ", answered " + answer;
    }

    private Map<String, Object> applyFields(byte[] bytes, String sha) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", probe.version());
        fields.put("sha256", sha);
        fields.put("format", probe.format());
        fields.put("definition_base64", Base64.getEncoder().encodeToString(bytes));
        return fields;
    }

    private byte[] body(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("protocol", WebhookProtocol.VERSION);
        body.put("workflow_id", workflowId);
        body.put("environment", environment);
        body.put("execution_id", "conformance-" + WebhookSignature.nonce());
        body.putAll(fields);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String path(String operation) {
        return URI.create(url + "/" + operation).getRawPath();
    }

    private Answer signed(String operation, byte[] body) throws Exception {
        long now = clock.instant().getEpochSecond();
        String nonce = WebhookSignature.nonce();
        return raw(operation, body, Long.toString(now), nonce, WebhookSignature.sign(key, now, nonce, "POST",
                path(operation), body));
    }

    private Answer raw(String operation, byte[] body, String timestamp, String nonce, String signature)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/" + operation))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timestamp != null) {
            request.header(WebhookSignature.TIMESTAMP, timestamp).header(WebhookSignature.NONCE, nonce)
                    .header(WebhookSignature.SIGNATURE, signature);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode parsed = null;
        try {
            parsed = response.body().length == 0 ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            parsed = null;
        }
        return new Answer(response.statusCode(), parsed);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--url", "--key-file", "--workflow", "--environment")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: ConformanceKit --url URL --key-file FILE --workflow ID --environment ENV"
                        + " [--definition FILE --version VERSION --format FORMAT]; missing " + required);
                System.exit(2);
            }
        }
        Probe probe = options.containsKey("--definition") ? new Probe(options.getOrDefault("--version",
                "v0.0.1-conformance"), options.getOrDefault("--format", "flowback"),
                Files.readAllBytes(Path.of(options.get("--definition")))) : Probe.standard();
        byte[] key = Files.readString(Path.of(options.get("--key-file"))).strip().getBytes(StandardCharsets.UTF_8);
        Report report = new ConformanceKit(URI.create(options.get("--url")), key, options.get("--workflow"),
                options.get("--environment"), probe, Clock.systemUTC()).run();
        report.checks().forEach(c -> System.out.println(c.line()));
        System.exit(report.passed() ? 0 : 1);
    }
}
