package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.emulators.Polling;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The local stack with the API in front, as the tests talk to it: S3Proxy and dynalite (LocalStorage), the real
 * rollback state machine on the local Step Functions API (LocalRollbackRunner; the API starts it with
 * SfnRollbackExecutions, as in AWS), and the API function served over HTTP by LocalApiServer. Requests go over the
 * loopback like any client's.
 */
final class ApiFixture implements AutoCloseable {
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    final LocalStorage storage;
    final ScriptedHealthProbe health;
    final LocalRollbackRunner runner;
    final LocalApiServer api;
    final StateMachineConfig stateMachine;
    private final SfnClient sfn;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiFixture() {
        storage = LocalStorage.start();
        health = new ScriptedHealthProbe(Clock.systemUTC());
        runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(storage.settings(), LocalStorage.TABLE,
                LocalStorage.BUCKET, health));
        api = LocalApiServer.onLocalStack(storage, runner, Clock.systemUTC());
        stateMachine = new StateMachineConfig(runner.stateMachineArn());
        sfn = SfnRollbackExecutions.client(runner.awsSettings());
    }

    /**
     * A workflow of {@code stem} with v1.0.0 and v1.1.0 published through the API and an environment "prod" whose
     * waits take no time, verified against one alarm (the scripted probe answers OK).
     */
    String preparedWorkflow(String stem) {
        String wf = workflow(stem);
        for (String v : List.of("v1.0.0", "v1.1.0")) {
            Answer answer = call("POST", "/workflows/" + wf + "/versions?version=" + v, "application/json",
                    SampleDefinitions.triage("^2.1.0", "prompt of " + v), Map.of());
            if (answer.status() != 201) {
                throw new AssertionError("publishing " + v + ": " + answer);
            }
        }
        Answer env = postJson("/workflows/" + wf + "/environments", """
                {"name": "prod", "engine": {"name": "flowback-engine", "version": "2.4.1"},
                 "health": {"alarm_names": ["%s-errors"]},
                 "rollout": {"drain_timeout_seconds": 0, "verification_window_seconds": 0,
                             "check_interval_seconds": 1}}""".formatted(wf));
        if (env.status() != 201) {
            throw new AssertionError("creating prod: " + env);
        }
        return wf;
    }

    /** How many executions named {@code name} the state machine has (ListExecutions: what really started). */
    long executionsNamed(String name) {
        return sfn.listExecutionsPaginator(b -> b.stateMachineArn(stateMachine.stateMachineArn())).executions()
                .stream().filter(e -> e.name().equals(name)).count();
    }

    /** Every execution of the state machine so far. */
    long executions() {
        return sfn.listExecutionsPaginator(b -> b.stateMachineArn(stateMachine.stateMachineArn())).executions()
                .stream().count();
    }

    /** A workflow id no other test uses. */
    static String workflow(String stem) {
        return stem + "-" + WORKFLOWS.incrementAndGet();
    }

    /** What the API answered. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return ApiFixture.json(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }

        String code() {
            return json().path("error").path("code").asText(null);
        }

        String field() {
            return json().path("error").path("field").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static JsonNode json(String body) {
        try {
            return PayloadJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    Answer get(String path) {
        return call("GET", path, null, null, Map.of());
    }

    Answer postJson(String path, String json) {
        return call("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Answer call(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.endpoint() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls the rollback of {@code wf}/prod until its record is final and its last step's audit entry is there (a
     * deadline, no fixed sleep). The chain's last step closes the record first and writes its audit entry second,
     * so for a moment a finished rollback lists every step but the last.
     */
    JsonNode awaitFinished(String wf, String id) throws InterruptedException {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return Polling.await(() -> {
                Answer answer = get("/workflows/" + wf + "/environments/prod/rollbacks/" + id);
                if (answer.status() != 200) {
                    throw new AssertionError("reading rollback " + id + ": " + answer);
                }
                JsonNode read = answer.json();
                last.set(read);
                JsonNode steps = read.get("steps");
                String lastStep = steps.isEmpty() ? "" : steps.get(steps.size() - 1).get("step").asText();
                String status = read.get("status").asText();
                boolean finished = !List.of("REQUESTED", "STARTING", "IN_PROGRESS").contains(status)
                        && List.of("verify", "revert", "compensate").contains(lastStep);
                return finished ? Optional.of(read) : Optional.empty();
            }, Duration.ofSeconds(90), "rollback " + id + " to finish");
        } catch (IllegalStateException e) {
            throw new AssertionError("rollback " + id + " did not finish in time: " + last.get(), e);
        }
    }

    /** A valid Flowback JSON definition of exactly {@code size} bytes (an editor-only key carries the padding). */
    static byte[] definitionOfSize(int size, String prompt) {
        String head = new String(SampleDefinitions.triage("^2.1.0", prompt), StandardCharsets.UTF_8).strip();
        String open = head.substring(0, head.length() - 1) + ", \"x-padding\": \"";
        String close = "\"}";
        int padding = size - open.length() - close.length();
        if (padding < 0) {
            throw new IllegalArgumentException("a definition cannot be as small as " + size + " bytes");
        }
        return (open + "a".repeat(padding) + close).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        api.close();
        sfn.close();
        runner.close();
        storage.close();
    }
}
