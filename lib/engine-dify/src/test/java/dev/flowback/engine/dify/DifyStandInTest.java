package dev.flowback.engine.dify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.definition.Json;
import dev.flowback.emulators.DifyStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-in refuses what Dify refuses, with Dify's status codes and words (the cases read in
 * api/services/app_dsl_service.py import_app and confirm_import, api/libs/token.py check_csrf_token,
 * api/controllers/console/app/wraps.py), spoken to in raw HTTP so nothing of the adapter hides an answer.
 */
class DifyStandInTest {
    private static final ObjectMapper JSON = Json.strict().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DifyStandIn dify;
    private static String access;
    private static String csrf;
    private static String app;

    @BeforeAll
    static void start() throws Exception {
        dify = DifyStandIn.start();
        dify.addAccount("ops@example.com", "pw");
        app = dify.createApp("bot", "workflow");
        HttpResponse<String> login = post("/console/api/login", Map.of("email", "ops@example.com", "password",
                Base64.getEncoder().encodeToString("pw".getBytes(StandardCharsets.UTF_8))), false);
        assertEquals(200, login.statusCode());
        for (String cookie : login.headers().allValues("set-cookie")) {
            String pair = cookie.split(";")[0];
            if (pair.startsWith("access_token=")) {
                access = pair.substring("access_token=".length());
            } else if (pair.startsWith("csrf_token=")) {
                csrf = pair.substring("csrf_token=".length());
            }
        }
    }

    @AfterAll
    static void stop() {
        dify.close();
    }

    private static HttpResponse<String> post(String path, Object body, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dify.consoleUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (authenticated) {
            request.header("Authorization", "Bearer " + access).header("Cookie", "csrf_token=" + csrf)
                    .header("X-CSRF-Token", csrf);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode importing(String yaml, int expectedStatus) throws Exception {
        HttpResponse<String> response = post("/console/api/apps/imports", Map.of("mode", "yaml-content",
                "yaml_content", yaml, "app_id", app), true);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String dsl(String version, String more) {
        return (version == null ? "" : "version: " + version + "\n") + "kind: app\napp:\n  mode: workflow\n"
                + "  name: bot\nworkflow:\n  graph:\n    nodes: []\n    edges: []\n  features: {}\n" + more;
    }

    @Test
    void importsWhatDifyImportsAndRefusesWhatItRefuses() throws Exception {
        assertEquals("completed", importing(dsl("0.6.0", ""), 200).path("status").asText());
        assertEquals("completed-with-warnings", importing(dsl(null, ""), 200).path("status").asText(),
                "no version: read as 0.1.0, an older minor");
        JsonNode floatVersion = importing(dsl("0.6", ""), 400);
        assertEquals("Invalid version type, expected str, got <class 'float'>", floatVersion.path("error").asText());
        assertTrue(importing("app: [unclosed", 400).path("error").asText().startsWith("Invalid YAML format"));
        assertEquals("Missing app data in YAML content", importing("version: 0.6.0\nkind: app\n", 400)
                .path("error").asText());
        JsonNode dated = importing(dsl("0.6.0", "  extra: 1\n").replace("nodes: []",
                "nodes:\n    - data: {title: 2001-12-14}"), 400);
        assertTrue(dated.path("error").asText().contains("not JSON serializable"), dated.toString());
        JsonNode pending = importing(dsl("0.7.0", ""), 202);
        assertEquals("pending", pending.path("status").asText());
        HttpResponse<String> confirmed = post("/console/api/apps/imports/" + pending.path("id").asText()
                + "/confirm", Map.of(), true);
        assertEquals(200, confirmed.statusCode());
        HttpResponse<String> again = post("/console/api/apps/imports/" + pending.path("id").asText() + "/confirm",
                Map.of(), true);
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("Import information expired or does not exist"));

        HttpResponse<String> otherApp = post("/console/api/apps/imports", Map.of("mode", "yaml-content",
                "yaml_content", dsl("0.6.0", ""), "app_id", "00000000-0000-4000-8000-000000000000"), true);
        assertEquals(400, otherApp.statusCode(), "Dify answers an unknown app_id on import with 400, not 404");
        assertTrue(otherApp.body().contains("App not found"));
    }

    @Test
    void withoutTheCsrfTokenOrWithABadTokenEveryConsoleCallIs401() throws Exception {
        HttpRequest noCsrf = HttpRequest.newBuilder(URI.create(dify.consoleUrl() + "/console/api/apps/" + app))
                .header("Authorization", "Bearer " + access).GET().build();
        HttpResponse<String> refused = HTTP.send(noCsrf, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("CSRF token is missing or invalid."));
        HttpResponse<String> badToken = HTTP.send(HttpRequest.newBuilder(URI.create(dify.consoleUrl()
                + "/console/api/apps/" + app)).header("Authorization", "Bearer nope").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, badToken.statusCode());
        assertTrue(badToken.body().contains("unauthorized"));
        HttpResponse<String> plainPassword = post("/console/api/login", Map.of("email", "ops@example.com",
                "password", "pw"), false);
        assertEquals(401, plainPassword.statusCode(), "current Dify decodes the password as base64");
        HttpResponse<String> longName = post("/console/api/apps/" + app + "/workflows/publish",
                Map.of("marked_name", "x".repeat(21)), true);
        assertEquals(400, longName.statusCode(), "marked_name is at most 20 characters");
    }
}
