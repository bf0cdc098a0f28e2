package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionLimits;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.sandbox.ApiFixture.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every route of the API over HTTP on the local stack: the real handler behind LocalApiServer, S3Proxy and dynalite
 * underneath, rollbacks run by the real state machine. Each test works on its own workflow.
 */
class ApiOnLocalStackTest extends OnApiStack {
    private static final Path EXAMPLES = LocalTooling.get().root().resolve("examples");

    @Test
    void publishesJsonAndYamlDefinitionsWithTheCallerAsAuthorAndReadsThemBack() throws Exception {
        String wf = ApiFixture.workflow("publish");
        byte[] json = Files.readAllBytes(EXAMPLES.resolve("support-triage/v1.0.0.json"));
        Answer published = stack.call("POST", "/workflows/" + wf + "/versions?version=v1.0.0&summary=first%20cut",
                "application/json", json, Map.of(LocalApiServer.CALLER_HEADER,
                        "arn:aws:sts::123456789012:assumed-role/release/alice"));
        assertEquals(201, published.status(), published.toString());
        JsonNode version = published.json();
        assertEquals("v1.0.0", version.get("version_id").asText());
        assertEquals("arn:aws:sts::123456789012:assumed-role/release/alice", version.get("author").asText());
        assertEquals("first cut", version.get("summary").asText());
        assertEquals(ContentHash.of(json).hex(), version.get("sha256").asText());
        assertEquals("/workflows/" + wf + "/versions/v1.0.0", published.header("Location"));

        byte[] yaml = Files.readAllBytes(EXAMPLES.resolve("dify-support-bot/v1.yaml"));
        Answer dify = stack.call("POST", "/workflows/" + wf + "-dify/versions", "application/yaml", yaml, Map.of());
        assertEquals(201, dify.status(), dify.toString());
        assertEquals("v1", dify.json().get("version_id").asText(), "an id is assigned when none is given");
        assertEquals("dify", dify.json().get("format").asText());

        Answer read = stack.get("/workflows/" + wf + "/versions/v1.0.0?include=definition");
        assertEquals(200, read.status(), read.toString());
        assertArrayEquals(json, read.json().get("definition").asText().getBytes(StandardCharsets.UTF_8),
                "the definition comes back byte for byte");
        Answer metadata = stack.get("/workflows/" + wf + "/versions/v1.0.0");
        assertFalse(metadata.json().has("definition"), "only on request");

        Answer again = stack.call("POST", "/workflows/" + wf + "/versions?version=v1.0.1", "application/json", json,
                Map.of());
        assertEquals(409, again.status(), again.toString());
        assertEquals("conflict.duplicate_content", again.code());
        assertEquals("v1.0.0", again.json().path("error").path("existing_version").asText());
    }

    @Test
    void listsVersionsNewestFirstPageByPageAndDiffsTwoAsTextOrJson() {
        String wf = ApiFixture.workflow("history");
        for (int i = 1; i <= 3; i++) {
            Answer answer = stack.call("POST", "/workflows/" + wf + "/versions?version=v1." + i + ".0",
                    "application/json", SampleDefinitions.triage("^2.1.0", "prompt " + i), Map.of());
            assertEquals(201, answer.status(), answer.toString());
        }
        Answer first = stack.get("/workflows/" + wf + "/versions?limit=2");
        assertEquals(200, first.status(), first.toString());
        assertEquals(List.of("v1.3.0", "v1.2.0"), ids(first.json().get("versions")));
        String cursor = first.json().get("next_cursor").asText();
        Answer second = stack.get("/workflows/" + wf + "/versions?limit=2&cursor=" + cursor);
        assertEquals(List.of("v1.1.0"), ids(second.json().get("versions")));
        assertTrue(second.json().get("next_cursor").isNull(), "the last page hands out no cursor");

        Answer text = stack.call("GET", "/workflows/" + wf + "/diff?from=v1.1.0&to=v1.3.0", null, null,
                Map.of("Accept", "text/plain"));
        assertEquals(200, text.status(), text.toString());
        assertTrue(text.header("Content-Type").startsWith("text/plain"), text.headers().toString());
        assertTrue(text.body().startsWith("diff v1.1.0 → v1.3.0"), text.body());
        assertTrue(text.body().contains("prompt 3"), text.body());

        Answer json = stack.call("GET", "/workflows/" + wf + "/diff?from=v1.1.0&to=v1.3.0", null, null,
                Map.of("Accept", "application/json"));
        assertEquals(200, json.status(), json.toString());
        assertEquals("v1.1.0", json.json().get("from").asText());
        assertEquals("v1.3.0", json.json().get("to").asText());

        Answer unknown = stack.get("/workflows/" + wf + "/diff?from=v1.1.0&to=v9.9.9");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("to", unknown.field());
    }

    @Test
    void aTenMebibyteDefinitionPublishesThroughAPresignedUploadAndComesBackAsADownloadUrl() throws Exception {
        String wf = ApiFixture.workflow("large");
        byte[] definition = ApiFixture.definitionOfSize(DefinitionLimits.MAX_DOCUMENT_BYTES, "large");
        String sha = ContentHash.of(definition).hex();
        Answer offer = stack.postJson("/workflows/" + wf + "/uploads", "{\"version\": \"v2.0.0\", \"summary\":"
                + " \"big\", \"size_bytes\": " + definition.length + ", \"sha256\": \"" + sha + "\"}");
        assertEquals(201, offer.status(), offer.toString());
        JsonNode o = offer.json();
        assertEquals("PUT", o.get("method").asText());

        Answer early = stack.call("POST", o.get("publish_path").asText(), null, null, Map.of());
        assertEquals(404, early.status(), "nothing uploaded yet: " + early);
        assertEquals("upload_id", early.field());

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(o.get("upload_url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(definition));
        for (Iterator<Map.Entry<String, JsonNode>> it = o.get("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            put.header(header.getKey(), header.getValue().asText());
        }
        HttpResponse<String> uploaded = stack.http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, uploaded.statusCode(), "the presigned PUT: " + uploaded.body());

        Answer published = stack.call("POST", o.get("publish_path").asText(), null, null, Map.of());
        assertEquals(201, published.status(), published.toString());
        assertEquals("v2.0.0", published.json().get("version_id").asText());
        assertEquals(DefinitionLimits.MAX_DOCUMENT_BYTES, published.json().get("size_bytes").asLong());
        assertEquals(sha, published.json().get("sha256").asText());
        assertEquals(LocalApiServer.DEFAULT_CALLER, published.json().get("author").asText());

        Answer repeated = stack.call("POST", o.get("publish_path").asText(), null, null, Map.of());
        assertEquals(200, repeated.status(), "publishing an upload twice answers the version: " + repeated);
        assertEquals("v2.0.0", repeated.json().get("version_id").asText());

        Answer read = stack.get("/workflows/" + wf + "/versions/v2.0.0?include=definition");
        assertEquals(200, read.status(), read.toString());
        assertFalse(read.json().has("definition"), "too large to answer inline");
        HttpResponse<byte[]> download = stack.http.send(HttpRequest.newBuilder(URI.create(
                read.json().get("definition_url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals(sha, ContentHash.of(download.body()).hex());
    }

    @Test
    void anUploadThatIsNotWhatWasDeclaredPublishesNothing() throws Exception {
        String wf = ApiFixture.workflow("tampered");
        byte[] definition = SampleDefinitions.triage("^2.1.0", "declared");
        Answer offer = stack.postJson("/workflows/" + wf + "/uploads", "{\"sha256\": \""
                + ContentHash.of(definition).hex() + "\"}");
        assertEquals(201, offer.status(), offer.toString());
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(offer.json().get("upload_url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(SampleDefinitions.triage("^2.1.0", "swapped")));
        offer.json().get("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        assertEquals(200, stack.http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        Answer refused = stack.call("POST", offer.json().get("publish_path").asText(), null, null, Map.of());
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("upload.sha256", refused.code());
        assertEquals("sha256", refused.field());
        assertEquals(0, stack.get("/workflows/" + wf + "/versions").json().get("versions").size());
    }

    @Test
    void createsUpdatesAndReadsAnEnvironment() {
        String wf = ApiFixture.workflow("env");
        Answer created = stack.postJson("/workflows/" + wf + "/environments", """
                {"name": "prod", "engine": {"name": "flowback-engine", "version": "2.4.1"},
                 "health": {"alarm_names": ["errors-high"], "error_rate_threshold": 0.02},
                 "rollout": {"drain_timeout_seconds": 120, "on_verify_failure": "REVERT"}}""");
        assertEquals(201, created.status(), created.toString());
        JsonNode env = created.json();
        assertEquals("prod", env.get("environment").asText());
        assertTrue(env.get("live_version").isNull());
        assertEquals(0, env.get("revision").asLong());
        assertEquals("OPEN", env.get("gate").get("state").asText());
        assertTrue(env.get("lock").get("holder").isNull());
        assertEquals(0.02, env.get("health").get("error_rate_threshold").asDouble());
        assertEquals(1000, env.get("health").get("p99_threshold_ms").asLong(), "defaults fill what is not given");
        assertEquals("REVERT", env.get("rollout").get("on_verify_failure").asText());

        Answer twice = stack.postJson("/workflows/" + wf + "/environments",
                "{\"name\": \"prod\", \"engine\": {\"name\": \"flowback-engine\", \"version\": \"2.4.1\"}}");
        assertEquals(409, twice.status(), twice.toString());

        Answer patched = stack.call("PATCH", "/workflows/" + wf + "/environments/prod", "application/json",
                "{\"health\": {\"alarm_names\": [\"errors-high\", \"p99-high\"], \"health_url\": null}}"
                        .getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, patched.status(), patched.toString());
        assertEquals(2, patched.json().get("health").get("alarm_names").size());
        assertEquals(0.02, patched.json().get("health").get("error_rate_threshold").asDouble(), "kept");
        assertEquals(120, patched.json().get("rollout").get("drain_timeout_seconds").asLong(), "section kept");

        Answer read = stack.get("/workflows/" + wf + "/environments/prod");
        assertEquals(200, read.status());
        assertEquals(patched.json(), read.json());
        assertEquals(404, stack.get("/workflows/" + wf + "/environments/staging").status());
    }

    @Test
    void aDryRunAnswersThePlanAndChangesNothing() {
        String wf = stack.preparedWorkflow("dry");
        long runs = stack.executions();
        Answer plan = stack.postJson("/workflows/" + wf + "/environments/prod/rollbacks",
                "{\"target_version\": \"v1.0.0\", \"dry_run\": true, \"reason\": \"look first\"}");
        assertEquals(200, plan.status(), plan.toString());
        assertEquals("DRY_RUN", plan.json().get("status").asText());
        assertEquals("api", plan.json().get("trigger").asText());
        assertEquals(LocalApiServer.DEFAULT_CALLER, plan.json().get("requested_by").asText());
        assertTrue(plan.json().get("plan").get("steps").size() >= 4, plan.toString());
        assertEquals(runs, stack.executions(), "no execution started");
        JsonNode env = stack.get("/workflows/" + wf + "/environments/prod").json();
        assertTrue(env.get("live_version").isNull(), "nothing switched");
        assertTrue(env.get("lock").get("holder").isNull(), "nothing locked");
        assertEquals(0, env.get("recent_decisions").size(), "nothing recorded");
    }

    @Test
    void startsARollbackThatTheStateMachineRunsAndReadsItWithEachStep() throws Exception {
        String wf = stack.preparedWorkflow("run");
        Answer started = stack.postJson("/workflows/" + wf + "/environments/prod/rollbacks",
                "{\"target_version\": \"v1.0.0\", \"reason\": \"first deployment\"}");
        assertEquals(202, started.status(), started.toString());
        String id = started.json().get("rollback_id").asText();
        assertEquals(stack.stateMachine.executionArn(id), started.json().get("execution_arn").asText());
        assertEquals(started.json().get("status_path").asText(), started.header("Location"));

        JsonNode rollback = stack.awaitFinished(wf, id);
        assertEquals("SUCCEEDED", rollback.get("status").asText(), rollback.toString());
        assertEquals("v1.0.0", rollback.get("target_version").asText());
        assertEquals("first deployment", rollback.get("requested").get("reason").asText());
        assertTrue(rollback.get("alarm_at").isNull() && rollback.get("alarm_to_switched_ms").isNull()
                && rollback.get("alarm_to_verified_ms").isNull(), "no alarm started it: " + rollback);
        assertFalse(Instant.parse(rollback.get("verified_at").asText()).isBefore(
                Instant.parse(rollback.get("switched_at").asText())), rollback.toString());
        List<String> steps = new ArrayList<>();
        rollback.get("steps").forEach(s -> steps.add(s.get("step").asText()));
        assertEquals(List.of("snapshot", "pause", "switch", "verify"), steps);
        rollback.get("steps").forEach(s -> {
            assertTrue(s.get("duration_ms").asLong() >= 0, s.toString());
            assertFalse(s.get("result").asText().isEmpty(), s.toString());
        });

        JsonNode env = stack.get("/workflows/" + wf + "/environments/prod").json();
        assertEquals("v1.0.0", env.get("live_version").asText());
        assertEquals(1, env.get("revision").asLong());
        assertEquals("GOOD", stack.get("/workflows/" + wf + "/versions/v1.0.0").json().get("status").asText(),
                "a verified target is GOOD");
        assertEquals("verify", env.get("recent_decisions").get(0).get("step").asText(), "newest first");

        Answer byArn = stack.get("/workflows/" + wf + "/environments/prod/rollbacks/"
                + java.net.URLEncoder.encode(stack.stateMachine.executionArn(id), StandardCharsets.UTF_8));
        assertEquals(200, byArn.status(), byArn.toString());
        assertEquals(id, byArn.json().get("rollback_id").asText());
        assertEquals(rollback.get("steps"), byArn.json().get("steps"));

        Answer failing = stack.postJson("/workflows/" + wf + "/environments/prod/rollbacks",
                "{\"target_version\": \"v1.0.0\"}");
        assertEquals(202, failing.status(), "refused by validate, not before: " + failing);
        JsonNode refused = stack.awaitFinished(wf, failing.json().get("rollback_id").asText());
        assertEquals("REFUSED", refused.get("status").asText(), "a refusal changes nothing: " + refused);
        assertEquals("dev.flowback.core.error.TargetRefusedException", refused.get("error").asText());
        assertTrue(refused.get("message").asText().contains("already live"), refused.toString());

        Answer missing = stack.postJson("/workflows/" + wf + "/environments/prod/rollbacks",
                "{\"target_version\": \"v7.0.0\"}");
        assertEquals(404, missing.status(), missing.toString());
        assertEquals("target_version", missing.field());
        assertEquals(404, stack.get("/workflows/" + wf + "/environments/prod/rollbacks/api-nothing").status());
    }

    private static List<String> ids(JsonNode versions) {
        List<String> ids = new ArrayList<>();
        versions.forEach(v -> ids.add(v.get("version_id").asText()));
        return ids;
    }
}
