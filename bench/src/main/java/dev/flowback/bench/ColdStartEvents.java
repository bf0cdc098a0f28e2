package dev.flowback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.Environments;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.function.verify.CheckHealthHandler;
import dev.flowback.health.EnvironmentHealthProbe;
import dev.flowback.sandbox.ChainFunction;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.sandbox.ScriptedHealthProbe;
import dev.flowback.store.dynamodb.DynamoEnvironmentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One real-shaped event per cold-start probe, on a fresh environment of its own: the chain up to the probed step is
 * run in this JVM with the real handlers (warm, over the same local stack), so each fresh JVM gets exactly the input
 * the state machine would give it (a ticket holding the lock, the pause's drain status, the switch's result...) and
 * takes its happy path, not a refusal. Events start from the events/ files and get this run's ids and times.
 */
final class ColdStartEvents {
    static final String WORKFLOW = "support-triage";
    /**
     * The workflow finish-revert's probes revert in: a revert marks its target BAD, which would refuse every later
     * validate of {@link #WORKFLOW}'s target.
     */
    static final String REVERTED_WORKFLOW = "support-revert";
    static final String TARGET = "v1.0.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private final LocalStorage stack;
    private final Path root;
    private final Path dir;
    private final Map<ChainFunction, StepHandler<?, ?>> steps = new EnumMap<>(ChainFunction.class);
    /** A check that finds the target unhealthy: how a revert (finish-revert's input) comes about. */
    private final CheckHealthHandler unhealthy;
    private int environments;

    ColdStartEvents(LocalStorage stack, Path root, Path dir) {
        this.stack = stack;
        this.root = root;
        this.dir = dir;
        FunctionWiring wiring = FunctionWiring.of(stack.settings(), new FunctionConfig(LocalStorage.TABLE,
                LocalStorage.BUCKET, FunctionConfig.DEFAULT_LOCK_LEASE), Clock.systemUTC(), StepLog.discard());
        EnvironmentHealthProbe health = EnvironmentHealthProbe.over(stack.settings(), Clock.systemUTC());
        for (ChainFunction f : ChainFunction.values()) {
            steps.put(f, f.build(wiring, health));
        }
        ScriptedHealthProbe scripted = new ScriptedHealthProbe(Clock.systemUTC());
        scripted.answerUnhealthy(REVERTED_WORKFLOW, 0.25, 900, List.of());
        unhealthy = new CheckHealthHandler(wiring, scripted);
    }

    /** The event file for one probe of {@code function} (a name of {@link ColdStartBench#FUNCTIONS}). */
    Path prepare(String function) {
        String name = "cs" + (++environments);
        String workflow = function.equals("finish-revert") ? REVERTED_WORKFLOW : WORKFLOW;
        EnvironmentRef ref = EnvironmentRef.of(workflow, name);
        Environment environment = Environment.of(ref, "flowback-engine", "2.4.1");
        Environments store = new Environments(new DynamoEnvironmentStore(stack.dynamo(), LocalStorage.TABLE),
                Clock.systemUTC());
        store.create(environment);
        if (function.equals("finish-revert")) {
            // A revert needs a version to go back to and a health signal to fail: v1.1.0 goes live first.
            deploy(workflow, name, "v1.1.0");
            RolloutPolicy d = RolloutPolicy.defaults();
            store.update(environment.withRollout(new RolloutPolicy(d.drainTimeout(), d.verificationWindow(),
                    d.checkInterval(), VerifyFailurePolicy.REVERT)).withHealth(HealthSignals.builder()
                    .healthUrl("http://127.0.0.1:9/health").build()));
        }
        String execution = "arn:aws:states:us-east-1:123456789012:execution:flowback-rollback:" + name;
        Instant started = Instant.now();
        ObjectNode request = JSON.createObjectNode().put("workflow_id", workflow).put("environment", name)
                .put("target_version", TARGET).put("reason", "cold-start benchmark").put("force", false)
                .put("dry_run", false).put("requested_by", "bench").put("trigger", "manual");
        ObjectNode snapshot = JSON.createObjectNode().set("request", request);
        snapshot.put("execution_id", execution).put("started_at", started.toString());
        JsonNode event = switch (function) {
            case "snapshot" -> snapshot;
            case "trigger" -> alarm(ref, name);
            case "api" -> api(name);
            default -> afterSnapshot(function, request, snapshot, execution, started);
        };
        Path file = dir.resolve(name + "-" + function + ".json");
        try {
            Files.write(file, JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private JsonNode afterSnapshot(String function, ObjectNode request, ObjectNode snapshot, String execution,
                                   Instant started) {
        JsonNode ticket = run(ChainFunction.SNAPSHOT, snapshot);
        ObjectNode withTicket = JSON.createObjectNode().set("ticket", ticket);
        switch (function) {
            case "validate", "pause" -> {
                return withTicket;
            }
            case "compensate" -> {
                ObjectNode compensate = JSON.createObjectNode();
                compensate.set("request", request);
                compensate.set("ticket", ticket);
                compensate.putNull("switched");
                compensate.set("failure", JSON.createObjectNode().put("Error", "States.TaskFailed")
                        .put("Cause", "{\"errorMessage\": \"the engine refused the close\"}"));
                return compensate.put("execution_id", execution).put("started_at", started.toString());
            }
            case "execution-ended" -> {
                ObjectNode event = (ObjectNode) read(root.resolve("events/eventbridge/execution-aborted.json"));
                ObjectNode detail = (ObjectNode) event.get("detail");
                detail.put("executionArn", execution).put("startDate", started.toEpochMilli())
                        .put("stopDate", Instant.now().toEpochMilli()).put("input", request.toString());
                return event;
            }
            default -> {
                // The rest follow the pause.
            }
        }
        ObjectNode drained = withTicket.deepCopy();
        drained.set("drain", run(ChainFunction.PAUSE, withTicket));
        if (function.equals("check-drain") || function.equals("switch")) {
            return drained;
        }
        JsonNode switched = run(ChainFunction.SWITCH, drained);
        ObjectNode window = withTicket.deepCopy();
        window.set("window", JSON.createObjectNode().put("checks", 0));
        if (function.equals("check-health")) {
            return window;
        }
        ObjectNode verify = withTicket.deepCopy();
        verify.set("switched", switched);
        if (function.equals("verify")) {
            verify.set("health", run(ChainFunction.CHECK_HEALTH, window));
            return verify;
        }
        if (function.equals("finish-revert")) {
            // Unhealthy under policy REVERT: verify hands back the revert ticket, which pauses and switches back.
            verify.set("health", run(unhealthy, window));
            JsonNode revert = run(ChainFunction.VERIFY, verify).get("revert");
            ObjectNode back = JSON.createObjectNode().set("ticket", revert);
            back.set("drain", run(ChainFunction.PAUSE, back));
            ObjectNode finish = JSON.createObjectNode().set("ticket", revert);
            finish.set("switched", run(ChainFunction.SWITCH, back));
            finish.set("health", verify.get("health"));
            return finish;
        }
        throw new IllegalArgumentException("no event for function " + function);
    }

    /** A whole rollback of the environment to {@code version}, no health signal: it ends UNVERIFIED, lock released. */
    private void deploy(String workflow, String name, String version) {
        ObjectNode request = JSON.createObjectNode().put("workflow_id", workflow).put("environment", name)
                .put("target_version", version).put("requested_by", "bench").put("trigger", "manual");
        ObjectNode snapshot = JSON.createObjectNode().set("request", request);
        snapshot.put("execution_id", "arn:aws:states:us-east-1:123456789012:execution:flowback-rollback:" + name
                + "-first").put("started_at", Instant.now().toString());
        ObjectNode withTicket = JSON.createObjectNode().set("ticket", run(ChainFunction.SNAPSHOT, snapshot));
        ObjectNode drained = withTicket.deepCopy();
        drained.set("drain", run(ChainFunction.PAUSE, withTicket));
        ObjectNode window = withTicket.deepCopy();
        window.set("window", JSON.createObjectNode().put("checks", 0));
        ObjectNode verify = withTicket.deepCopy();
        verify.set("switched", run(ChainFunction.SWITCH, drained));
        verify.set("health", run(ChainFunction.CHECK_HEALTH, window));
        run(ChainFunction.VERIFY, verify);
    }

    /** The metric alarm's own Lambda action, for an alarm mapped to the environment, changed state just now. */
    private JsonNode alarm(EnvironmentRef ref, String name) {
        String alarm = "bench-" + name;
        stack.stores().alarmMappings().create(AlarmMapping.of(alarm, ref, Instant.now(), "bench"));
        String now = ALARM_TIME.format(Instant.now().minus(Duration.ofSeconds(2)));
        String text = new String(readBytes(root.resolve("events/alarms/metric-alarm-action.json")),
                StandardCharsets.UTF_8).replace("orders-latency-high", alarm)
                .replace("2026-01-02T03:04:05.678+0000", now);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET of the environment, as API Gateway's proxy event. */
    private JsonNode api(String name) {
        ObjectNode event = (ObjectNode) read(root.resolve("events/api/get-environment.json"));
        String path = "/workflows/" + WORKFLOW + "/environments/" + name;
        event.put("path", path);
        ((ObjectNode) event.get("pathParameters")).put("workflow_id", WORKFLOW).put("environment", name);
        ((ObjectNode) event.get("requestContext")).put("path", "/v1" + path);
        return event;
    }

    private JsonNode run(ChainFunction function, JsonNode input) {
        return run(steps.get(function), input);
    }

    private static JsonNode run(StepHandler<?, ?> step, JsonNode input) {
        try {
            return JSON.readTree(step.invoke(JSON.writeValueAsBytes(input)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
