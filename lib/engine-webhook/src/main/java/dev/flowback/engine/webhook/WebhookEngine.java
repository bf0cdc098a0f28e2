package dev.flowback.engine.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.EngineUnavailableException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.secrets.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine port over any engine that implements Flowback's webhook protocol (docs/engines.md): each operation is a
 * signed {@code POST {url}/{operation}}, the signing key read from the Secrets Manager secret the binding names. A
 * 2xx answer must have the protocol's shape; 401 (the engine refused the signature) makes the key be read afresh and
 * the call signed again once, as the key may have been rotated; 408, 429, 5xx, timeouts and connection failures are
 * {@link EngineUnavailableException} (retried by the state machine); any other answer is a refusal carrying the
 * engine's {@code error} and {@code message}.
 */
public final class WebhookEngine implements EngineControl {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final SecretStore secrets;
    private final HttpClient http;
    private final ObjectMapper json = Json.strict().build();
    private final Clock clock;
    private final Duration timeout;

    public WebhookEngine(SecretStore secrets, Clock clock, Duration timeout) {
        this.secrets = secrets;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static EngineBinding.Webhook webhook(EngineCall call) {
        if (call.engine() instanceof EngineBinding.Webhook webhook) {
            return webhook;
        }
        throw new IllegalArgumentException("the webhook adapter was handed a " + call.engine().adapter() + " binding");
    }

    @Override
    public void closeAdmission(EngineCall call) {
        expectAdmission(call, WebhookProtocol.CLOSE, "closed");
    }

    @Override
    public void openAdmission(EngineCall call) {
        expectAdmission(call, WebhookProtocol.OPEN, "open");
    }

    private void expectAdmission(EngineCall call, String operation, String state) {
        JsonNode answer = post(call, operation, Map.of());
        if (!state.equals(answer.path("admission").asText())) {
            throw protocol(call, operation, "answer {\"admission\": \"" + state + "\"}", answer);
        }
    }

    @Override
    public int countInFlight(EngineCall call) {
        JsonNode answer = post(call, WebhookProtocol.COUNT, Map.of());
        JsonNode count = answer.path("in_flight");
        if (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 0) {
            throw protocol(call, WebhookProtocol.COUNT, "answer {\"in_flight\": a whole number >= 0}", answer);
        }
        return count.asInt();
    }

    @Override
    public RunningVersion apply(EngineCall call, VerifiedDefinition target) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", target.version().versionId().value());
        fields.put("sha256", target.version().sha256().hex());
        fields.put("format", target.version().format());
        fields.put("definition_base64", Base64.getEncoder().encodeToString(target.bytes()));
        RunningVersion running = runningVersion(call, WebhookProtocol.APPLY, post(call, WebhookProtocol.APPLY,
                fields));
        if (!target.version().sha256().equals(running.sha256())) {
            throw new EngineRefusedException("the engine of " + call.environment() + " at " + webhook(call).url()
                    + " accepted " + target.version().versionId() + " but says it runs " + running.label());
        }
        return running;
    }

    @Override
    public RunningVersion running(EngineCall call) {
        return runningVersion(call, WebhookProtocol.STATUS, post(call, WebhookProtocol.STATUS, Map.of()));
    }

    private RunningVersion runningVersion(EngineCall call, String operation, JsonNode answer) {
        JsonNode version = answer.path("version");
        JsonNode sha = answer.path("sha256");
        if (version.isNull() && sha.isNull()) {
            return RunningVersion.unknown("the engine at " + webhook(call).url() + " runs no Flowback version");
        }
        if (!version.isTextual() || !sha.isTextual() || !ContentHash.isWellFormed(sha.asText())) {
            throw protocol(call, operation, "answer {\"version\": ..., \"sha256\": 64 lower-case hex} (both null"
                    + " when it runs none)", answer);
        }
        VersionId id;
        try {
            id = VersionId.of(version.asText());
        } catch (InvalidInputException e) {
            throw protocol(call, operation, "name a Flowback version id", answer);
        }
        return new RunningVersion(id, new ContentHash(sha.asText()), "the engine at " + webhook(call).url()
                + " reports it");
    }

    private JsonNode post(EngineCall call, String operation, Map<String, Object> fields) {
        EngineBinding.Webhook webhook = webhook(call);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("protocol", WebhookProtocol.VERSION);
        body.put("workflow_id", call.environment().workflow().value());
        body.put("environment", call.environment().environment().value());
        body.put("execution_id", call.executionId());
        body.putAll(fields);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a protocol request", e);
        }
        HttpResponse<byte[]> response = send(webhook, operation, bytes, false);
        if (response.statusCode() == 401) {
            secrets.forget(webhook.signingSecretArn());
            response = send(webhook, operation, bytes, true);
        }
        JsonNode answer = parse(response);
        int status = response.statusCode();
        String what = operation + " on the engine of " + call.environment() + " at " + webhook.url();
        if (status == 408 || status == 429 || status >= 500) {
            throw new EngineUnavailableException(what + ": " + status + " " + said(answer));
        }
        if (status == 401) {
            throw new EngineRefusedException(what + ": the engine refused the request's signature (" + said(answer)
                    + "); the key in secret " + webhook.signingSecretArn() + " must be the one the engine checks,"
                    + " and its clock within " + WebhookSignature.WINDOW.toMinutes() + " minutes of Flowback's");
        }
        if (status < 200 || status >= 300) {
            throw new EngineRefusedException(what + ": " + status + " " + said(answer));
        }
        if (answer == null || !answer.isObject()) {
            throw new EngineRefusedException(what + ": the answer is not a JSON object");
        }
        return answer;
    }

    private HttpResponse<byte[]> send(EngineBinding.Webhook webhook, String operation, byte[] body, boolean again) {
        URI uri = URI.create(webhook.url() + "/" + operation);
        byte[] key = secrets.read(webhook.signingSecretArn()).reveal().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        String nonce = WebhookSignature.nonce();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "flowback-engine-webhook")
                .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp)).header(WebhookSignature.NONCE, nonce)
                .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(key, timestamp, nonce, "POST",
                        uri.getRawPath(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new EngineUnavailableException(operation + ": the engine at " + webhook.url() + " did not answer"
                    + " within " + timeout.toSeconds() + " s" + (again ? " (second attempt)" : ""), e);
        } catch (IOException e) {
            throw new EngineUnavailableException(operation + ": cannot reach the engine at " + webhook.url() + " ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException(operation + ": interrupted", e);
        }
    }

    private JsonNode parse(HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return null;
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static String said(JsonNode answer) {
        if (answer == null) {
            return "(no JSON body)";
        }
        String error = answer.path("error").asText("");
        String message = answer.path("message").asText("");
        String text = error.isEmpty() ? message : message.isEmpty() ? error : error + ": " + message;
        return text.isEmpty() ? answer.toString() : text;
    }

    private EngineRefusedException protocol(EngineCall call, String operation, String rule, JsonNode answer) {
        return new EngineRefusedException("the engine at " + webhook(call).url() + " broke the protocol: " + operation
                + " must " + rule + ", it answered " + answer);
    }
}
