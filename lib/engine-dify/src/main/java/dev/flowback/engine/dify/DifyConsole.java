package dev.flowback.engine.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.EngineUnavailableException;
import dev.flowback.secrets.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls to Dify's console API as a logged-in console user, and the translation of Dify's answers into Flowback's.
 *
 * <p><b>Authentication</b> (api/controllers/console/auth/login.py, api/libs/token.py, api/libs/login.py): {@code POST
 * /console/api/login} with the account's email and password (base64-encoded for current releases, see
 * api/controllers/console/wraps.py {@code decrypt_password_field}). Current releases answer
 * {@code {"result": "success"}} and set the {@code access_token}, {@code refresh_token} and {@code csrf_token}
 * cookies (named with a {@code __Host-} prefix when the console runs on https); older ones return the tokens in the
 * body. Every later call sends the access token as {@code Authorization: Bearer}, the cookies as they were set, and
 * {@code X-CSRF-Token} equal to the CSRF cookie, since {@code check_csrf_token} refuses any request without both.
 * A session is kept per console and secret; a 401 (expired token, rotated password) logs in once more with the
 * secret read afresh, and a second 401 is a refusal.
 *
 * <p><b>Answers</b>: 401 and 403 are refusals (credentials, role lacks edit rights); 404 {@code app_not_found} is
 * the app's absence (api/controllers/console/app/wraps.py); other 4xx are refusals carrying Dify's message; 429, 5xx,
 * timeouts and connection failures are {@link EngineUnavailableException}, retried by the state machine.
 */
final class DifyConsole {
    private final HttpClient http;
    private final ObjectMapper json;
    private final SecretStore secrets;
    private final Duration timeout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** The tokens of one login: the cookies as Dify set them, the access token and the CSRF token. */
    private record Session(Map<String, String> cookies, String accessToken, String csrfToken) {
        String cookieHeader() {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                    .append(value));
            return header.toString();
        }
    }

    /** One answer: the status and the JSON body (NullNode for an empty or {@code null} body). */
    record Answer(int status, JsonNode body) {
    }

    DifyConsole(HttpClient http, ObjectMapper json, SecretStore secrets, Duration timeout) {
        this.http = http;
        this.json = json;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /**
     * Calls {@code method path} with {@code body} (null: none) as the binding's console user. Returns the answer
     * when its status is one of {@code accepted}; otherwise throws what the status means, naming {@code what}.
     */
    Answer call(EngineBinding.Dify dify, String what, String method, String path, Object body, int... accepted) {
        String key = dify.consoleUrl() + " " + dify.credentialsSecretArn();
        Session session = sessions.computeIfAbsent(key, k -> login(dify, false));
        Answer answer = send(dify, what, method, path, body, session);
        if (answer.status() == 401) {
            // Expired token, or a password rotated since the secret was cached: once more, from a fresh read.
            sessions.remove(key);
            session = login(dify, true);
            sessions.put(key, session);
            answer = send(dify, what, method, path, body, session);
        }
        for (int status : accepted) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw failure(dify, what, answer);
    }

    private Session login(EngineBinding.Dify dify, boolean fresh) {
        String arn = dify.credentialsSecretArn();
        if (fresh) {
            secrets.forget(arn);
        }
        DifyCredentials credentials = DifyCredentials.parse(arn, secrets.read(arn), json);
        String password = dify.passwordEncoding() == EngineBinding.Dify.PasswordEncoding.BASE64
                ? Base64.getEncoder().encodeToString(credentials.password().reveal().getBytes(StandardCharsets.UTF_8))
                : credentials.password().reveal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", credentials.email());
        body.put("password", password);
        body.put("remember_me", false);
        HttpResponse<byte[]> response = exchange(dify, "logging in to Dify", request(dify, "/console/api/login")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build());
        JsonNode answer = parse(dify, "logging in to Dify", response);
        if (response.statusCode() == 401 && !fresh) {
            // The cached secret may predate a rotation: read it again before calling the credentials wrong.
            return login(dify, true);
        }
        if (response.statusCode() == 401 || response.statusCode() == 400 || response.statusCode() == 403) {
            throw new EngineRefusedException("Dify at " + dify.consoleUrl() + " refused the login of "
                    + credentials.email() + " (secret " + arn + "): " + response.statusCode() + " "
                    + message(answer) + (dify.passwordEncoding() == EngineBinding.Dify.PasswordEncoding.BASE64
                    ? "; an older Dify expects the password unencoded: set password_encoding to plain" : ""));
        }
        if (response.statusCode() != 200 || !"success".equals(answer.path("result").asText())) {
            if (response.statusCode() == 429 || response.statusCode() >= 500) {
                throw new EngineUnavailableException("Dify at " + dify.consoleUrl() + " could not log in now: "
                        + response.statusCode() + " " + message(answer));
            }
            throw new EngineRefusedException("Dify at " + dify.consoleUrl() + " did not log in " + credentials.email()
                    + ": " + response.statusCode() + " " + message(answer));
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : response.headers().allValues("set-cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        String access = cookieEndingWith(cookies, "access_token");
        if (access == null) {
            access = answer.path("data").path("access_token").asText(null);
        }
        if (access == null) {
            throw new EngineRefusedException("Dify at " + dify.consoleUrl() + " logged in " + credentials.email()
                    + " but gave no access token (neither an access_token cookie nor data.access_token)");
        }
        return new Session(cookies, access, cookieEndingWith(cookies, "csrf_token"));
    }

    private Answer send(EngineBinding.Dify dify, String what, String method, String path, Object body,
                        Session session) {
        HttpRequest.Builder request = request(dify, path).header("Authorization", "Bearer " + session.accessToken());
        if (!session.cookies().isEmpty()) {
            request.header("Cookie", session.cookieHeader());
        }
        if (session.csrfToken() != null) {
            request.header("X-CSRF-Token", session.csrfToken());
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        HttpResponse<byte[]> response = exchange(dify, what, request.build());
        return new Answer(response.statusCode(), parse(dify, what, response));
    }

    private HttpRequest.Builder request(EngineBinding.Dify dify, String path) {
        return HttpRequest.newBuilder(URI.create(dify.consoleUrl() + path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("User-Agent", "flowback-engine-dify");
    }

    private HttpResponse<byte[]> exchange(EngineBinding.Dify dify, String what, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new EngineUnavailableException(what + ": Dify at " + dify.consoleUrl() + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new EngineUnavailableException(what + ": cannot reach Dify at " + dify.consoleUrl() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException(what + ": interrupted", e);
        }
    }

    private JsonNode parse(EngineBinding.Dify dify, String what, HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = json.readTree(response.body());
            return node == null ? NullNode.getInstance() : node;
        } catch (IOException e) {
            if (response.statusCode() == 429 || response.statusCode() >= 500) {
                throw new EngineUnavailableException(what + ": Dify at " + dify.consoleUrl() + " answered "
                        + response.statusCode() + " without JSON", e);
            }
            throw new EngineRefusedException(what + ": Dify at " + dify.consoleUrl() + " answered "
                    + response.statusCode() + " with something other than JSON; is console_url Dify's console API?",
                    e);
        }
    }

    private RuntimeException failure(EngineBinding.Dify dify, String what, Answer answer) {
        int status = answer.status();
        String said = message(answer.body());
        if (status == 429 || status >= 500) {
            return new EngineUnavailableException(what + ": Dify answered " + status + " " + said);
        }
        if (status == 401) {
            return new EngineRefusedException(what + ": Dify refused the credentials of secret "
                    + dify.credentialsSecretArn() + " even after a fresh login: " + said);
        }
        if (status == 403) {
            return new EngineRefusedException(what + ": Dify forbids it (403 " + said + "); the console account needs"
                    + " the editor, admin or owner role in the app's workspace");
        }
        if (status == 404 && "app_not_found".equals(answer.body().path("code").asText())) {
            return new EngineRefusedException(what + ": Dify has no workflow app " + dify.appId() + " (" + said
                    + "); check app_id in the environment's engine settings");
        }
        if (status == 404) {
            return new EngineRefusedException(what + ": Dify at " + dify.consoleUrl() + " has no such endpoint (404"
                    + " " + said + "); this Dify release may predate it");
        }
        return new EngineRefusedException(what + ": Dify answered " + status + " " + said);
    }

    /** Dify's words: {@code message}, else an import's {@code error}, else the body itself (short). */
    static String message(JsonNode body) {
        for (String field : new String[] {"message", "error", "data"}) {
            JsonNode value = body.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String cookieEndingWith(Map<String, String> cookies, String name) {
        for (Map.Entry<String, String> cookie : cookies.entrySet()) {
            if (cookie.getKey().equals(name) || cookie.getKey().equals("__Host-" + name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }
}
