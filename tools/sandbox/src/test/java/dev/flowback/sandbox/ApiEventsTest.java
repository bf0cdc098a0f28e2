package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.trigger.model.AutomationFreeze;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.api.ApiRoute;
import dev.flowback.sandbox.ApiFixture.Answer;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * events/api holds one real-shaped API Gateway proxy event per route; each is read into the
 * APIGatewayProxyRequestEvent Lambda would hand the function and answered by the real handler on the local stack,
 * in the order a person would send them, with a 2xx.
 */
class ApiEventsTest extends OnApiStack {
    private static final Path EVENTS = LocalTooling.get().root().resolve("events").resolve("api");
    private static final Path EXAMPLES = LocalTooling.get().root().resolve("examples").resolve("support-triage");
    /** Lambda's own event mapping is by bean property names; no unknown property may hide a typo. */
    private static final ObjectMapper EVENT_JSON = new ObjectMapper();

    @Test
    void everyRouteHasAnEventAndEachIsRealShaped() throws IOException {
        Set<String> operations = new TreeSet<>();
        for (Path file : files()) {
            APIGatewayProxyRequestEvent event = read(file);
            ApiRoute route = ApiRoute.find(event.getHttpMethod(), event.getResource()).orElseThrow(() ->
                    new AssertionError(file + " names no route: " + event.getHttpMethod() + " " + event.getResource()));
            operations.add(route.operationId());
            assertEquals(event.getResource(), event.getRequestContext().getResourcePath(), file.toString());
            assertEquals("/v1" + event.getPath(), event.getRequestContext().getPath(), file.toString());
            assertTrue(event.getRequestContext().getIdentity().getUserArn().startsWith("arn:aws:"), file.toString());
            assertEquals(route.pathParameters().size(), event.getPathParameters() == null ? 0
                    : event.getPathParameters().size(), file.toString());
        }
        Set<String> all = new TreeSet<>();
        Stream.of(ApiRoute.values()).forEach(r -> all.add(r.operationId()));
        assertEquals(all, operations);
    }

    @Test
    void eachEventIsAnsweredWithA2xxInTheOrderAPersonWouldSendThem() throws Exception {
        WorkflowId wf = WorkflowId.of("wf-abc123");
        for (String v : new String[] {"v1.0.0", "v1.1.0"}) {
            stack.storage.registry().publish(PublishRequest.of(wf, VersionId.of(v),
                    Files.readAllBytes(EXAMPLES.resolve(v + ".json")), "seed", ""));
        }
        assertEquals(201, answer("publish-version", Map.of()).getStatusCode());
        assertEquals(200, answer("list-versions", Map.of()).getStatusCode());
        assertEquals(200, answer("get-version", Map.of()).getStatusCode());
        APIGatewayProxyResponseEvent diff = answer("diff-versions", Map.of());
        assertEquals(200, diff.getStatusCode(), diff.getBody());
        assertTrue(diff.getBody().startsWith("diff v1.0.0 → v1.1.0"), diff.getBody());
        assertEquals(201, answer("offer-upload", Map.of()).getStatusCode());
        assertEquals(201, answer("publish-upload", Map.of("3f9a1c0e5b7d42a8b6e1d0c9f8a7b6c5", uploaded()))
                .getStatusCode());
        assertEquals(201, answer("create-environment", Map.of()).getStatusCode());
        assertEquals(200, answer("get-environment", Map.of()).getStatusCode());
        assertEquals(201, answer("map-alarm", Map.of()).getStatusCode());
        assertEquals(200, answer("list-alarms", Map.of()).getStatusCode());
        assertEquals(204, answer("unmap-alarm", Map.of()).getStatusCode());
        assertEquals(201, answer("place-hold", Map.of()).getStatusCode());
        assertEquals(200, answer("list-holds", Map.of()).getStatusCode());
        assertEquals(204, answer("lift-hold", Map.of()).getStatusCode());
        // A freeze is the trigger's to place: written here as it writes one, for the person to lift.
        EnvironmentRef prod = new EnvironmentRef(wf, EnvironmentName.of("prod"));
        assertTrue(FlowbackStores.onAws(stack.storage.settings(), LocalStorage.TABLE, LocalStorage.BUCKET,
                Clock.systemUTC()).automation().save(new AutomationState(prod, 1, AutomationPolicy.defaults(),
                new AutomationFreeze(Instant.now(), "cap", "3 automatic rollbacks within an hour", "errors"),
                List.of(), null, null)));
        assertEquals(200, answer("unfreeze-automation", Map.of()).getStatusCode());
        APIGatewayProxyResponseEvent policy = answer("set-automation-policy", Map.of());
        assertEquals(200, policy.getStatusCode(), policy.getBody());
        assertEquals(1800, ApiFixture.json(policy.getBody()).get("policy").get("cooldown_seconds").asInt());
        assertEquals(1800, FlowbackStores.onAws(stack.storage.settings(), LocalStorage.TABLE, LocalStorage.BUCKET,
                Clock.systemUTC()).automation().get(prod).policy().cooldown().toSeconds(), "the policy is stored");
        assertEquals(200, answer("dry-run-rollback", Map.of()).getStatusCode());
        // Waits that take no time (the runner makes Wait states instant, but the health window is measured on the
        // clock), then two deployments, so that last-known-good names v1.0.0 when the event asks for it.
        assertEquals(200, stack.call("PATCH", "/workflows/wf-abc123/environments/prod", "application/json",
                ("{\"rollout\": {\"drain_timeout_seconds\": 0, \"verification_window_seconds\": 0,"
                        + " \"check_interval_seconds\": 1}}").getBytes(StandardCharsets.UTF_8), Map.of()).status());
        for (String v : new String[] {"v1.0.0", "v1.1.0"}) {
            Answer deployed = stack.postJson("/workflows/wf-abc123/environments/prod/rollbacks",
                    "{\"target_version\": \"" + v + "\"}");
            assertEquals(202, deployed.status(), deployed.toString());
            assertEquals("SUCCEEDED", stack.awaitFinished("wf-abc123", deployed.json().get("rollback_id").asText())
                    .get("status").asText());
        }
        assertEquals(200, answer("update-environment", Map.of()).getStatusCode());
        APIGatewayProxyResponseEvent started = answer("start-rollback", Map.of());
        assertEquals(202, started.getStatusCode(), started.getBody());
        String id = ApiFixture.json(started.getBody()).get("rollback_id").asText();
        assertEquals(read(EVENTS.resolve("get-rollback.json")).getPathParameters().get("rollback_id"), id,
                "the key in start-rollback.json derives the id get-rollback.json reads");
        JsonNode finished = stack.awaitFinished("wf-abc123", id);
        assertEquals("v1.0.0", finished.get("target_version").asText(), finished.toString());
        APIGatewayProxyResponseEvent read = answer("get-rollback", Map.of());
        assertEquals(200, read.getStatusCode(), read.getBody());
        assertEquals("last-known-good", ApiFixture.json(read.getBody()).get("requested_target").asText());
    }

    /** Offers and uploads a small definition, returning the upload id to put into publish-upload.json. */
    private static String uploaded() throws Exception {
        Answer offer = stack.postJson("/workflows/wf-abc123/uploads", "{\"version\": \"v3.0.0\"}");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(offer.json().get("upload_url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(SampleDefinitions.triage("^2.1.0", "uploaded")));
        offer.json().get("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        assertEquals(200, stack.http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        return offer.json().get("upload_id").asText();
    }

    /** The event, with each key of {@code replace} replaced by its value in path and path parameters. */
    private static APIGatewayProxyResponseEvent answer(String name, Map<String, String> replace) throws IOException {
        APIGatewayProxyRequestEvent event = read(EVENTS.resolve(name + ".json"));
        replace.forEach((from, to) -> {
            event.setPath(event.getPath().replace(from, to));
            Map<String, String> params = new HashMap<>(event.getPathParameters());
            params.replaceAll((k, v) -> v.replace(from, to));
            event.setPathParameters(params);
        });
        APIGatewayProxyResponseEvent response = stack.api.handler().handleRequest(event, null);
        assertTrue(response.getStatusCode() < 300, name + ": " + response.getStatusCode() + " " + response.getBody());
        return response;
    }

    private static APIGatewayProxyRequestEvent read(Path file) throws IOException {
        return EVENT_JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), APIGatewayProxyRequestEvent.class);
    }

    private static Iterable<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.sorted().toList();
        }
    }
}
