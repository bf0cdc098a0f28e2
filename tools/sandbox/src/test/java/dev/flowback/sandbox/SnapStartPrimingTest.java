package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.Environments;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.function.api.ApiHandler;
import dev.flowback.function.pause.ExecutionEndedHandler;
import dev.flowback.function.pause.PauseHandler;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.SnapStartPriming;
import dev.flowback.function.runtime.StepHandler;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.function.snapshot.SnapshotHandler;
import dev.flowback.function.trigger.AlarmTriggerHandler;
import dev.flowback.health.EnvironmentHealthProbe;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.store.dynamodb.DynamoEnvironmentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The SnapStart priming of every function runs the handler's code paths and captures nothing live: run against the
 * real local stack, through a loopback proxy that counts the connections DynamoDB (dynalite) receives and with a
 * credentials provider that counts its resolutions, every function's priming opens no connection and resolves no
 * credential, yet goes through the SDK (the offline client answered its requests); the same handlers then serve a
 * real request over those settings, which does connect and resolve (so the counters count).
 */
class SnapStartPrimingTest {
    private static final Path ROOT = LocalTooling.get().root();
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:flowback-rollback";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStorage stack;
    private static CountingProxy dynamo;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStorage.start();
        dynamo = new CountingProxy(stack.settings().endpoint("dynamodb").orElseThrow());
        stack.registry().publish(PublishRequest.of(WorkflowId.of("support-triage"), VersionId.of("v1.0.0"),
                Files.readAllBytes(ROOT.resolve("examples/support-triage/v1.0.0.json")), "test", ""));
    }

    @AfterAll
    static void stop() throws IOException {
        dynamo.close();
        stack.close();
    }

    @Test
    void everyFunctionsPrimingRunsOfflineAndTheHandlersStillServe() throws Exception {
        AtomicInteger resolved = new AtomicInteger();
        AwsCredentialsProvider counting = () -> {
            resolved.incrementAndGet();
            return AwsBasicCredentials.create(S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY);
        };
        AwsSettings settings = stack.settings().withEndpoint("dynamodb", dynamo.endpoint()).withCredentials(counting);
        FunctionConfig config = new FunctionConfig(LocalStorage.TABLE, LocalStorage.BUCKET,
                FunctionConfig.DEFAULT_LOCK_LEASE);
        List<String> lines = new CopyOnWriteArrayList<>();
        StepLog log = new StepLog(lines::add);
        FunctionWiring wiring = FunctionWiring.of(settings, config, Clock.systemUTC(), log);

        List<SnapStartPriming> primings = new ArrayList<>();
        for (ChainFunction f : ChainFunction.values()) {
            primings.add(priming(f, wiring, settings, config));
        }
        Map<String, String> variables = new HashMap<>(Map.of(FunctionConfig.TABLE, LocalStorage.TABLE,
                FunctionConfig.BUCKET, LocalStorage.BUCKET, StateMachineConfig.STATE_MACHINE_ARN, MACHINE,
                "FLOWBACK_EVENT_BUS", "default"));
        primings.add(AlarmTriggerHandler.primingOf(variables, settings, log));
        primings.add(ApiHandler.primingOf(settings, config, new StateMachineConfig(MACHINE), log));
        primings.add(ExecutionEndedHandler.primingOf(settings, config, log));

        long offlineBefore = AwsSettings.offlineRequests();
        for (SnapStartPriming priming : primings) {
            priming.beforeCheckpoint(null);
            assertEquals(1, priming.primings());
        }
        assertTrue(AwsSettings.offlineRequests() - offlineBefore >= primings.size(),
                "every priming went through the SDK to the offline client");
        assertEquals(0, dynamo.connections(), "a priming opened a connection to DynamoDB");
        assertEquals(0, resolved.get(), "a priming resolved the function's credentials");
        assertEquals(primings.size(), lines.stream().filter(l -> l.contains("\"message\":\"primed\"")).count(),
                String.join("\n", lines));
        for (SnapStartPriming priming : primings) {
            priming.afterRestore(null);
        }

        // The real handlers, built before the priming, serve a rollback's first two steps over the same settings.
        EnvironmentRef ref = EnvironmentRef.of("support-triage", "primed");
        new Environments(new DynamoEnvironmentStore(stack.dynamo(), LocalStorage.TABLE), Clock.systemUTC())
                .create(Environment.of(ref, "flowback-engine", "2.4.1"));
        String execution = "arn:aws:states:us-east-1:123456789012:execution:flowback-rollback:primed";
        byte[] ticket = new SnapshotHandler(wiring).invoke(("{\"request\": {\"workflow_id\": \"support-triage\","
                + " \"environment\": \"primed\", \"target_version\": \"v1.0.0\"}, \"execution_id\": \"" + execution
                + "\", \"started_at\": \"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
        JsonNode drain = JSON.readTree(new PauseHandler(wiring).invoke(("{\"ticket\": "
                + new String(ticket, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8)));
        assertTrue(drain.path("proceed").asBoolean(), drain.toString());
        assertTrue(dynamo.connections() > 0, "the real requests went through the counting proxy");
        assertTrue(resolved.get() > 0, "the real requests resolved the counted credentials");
        assertFalse(wiring.engines().secretsClientBuilt(),
                "the embedded gate's pause built no Secrets Manager client");
    }

    @Test
    void thePrimingEventsAreTheEventsFilesShapes() throws IOException {
        Map<String, String> copies = new HashMap<>();
        for (ChainFunction f : ChainFunction.values()) {
            copies.put("functions/" + f.functionName(), f.functionName());
        }
        copies.put("eventbridge/execution-aborted", "execution-ended");
        for (String alarm : List.of("metric-alarm-action", "eventbridge-state-change", "sns-notification")) {
            copies.put("alarms/" + alarm, alarm);
        }
        for (String route : List.of("get-environment", "list-versions", "publish-version", "start-rollback")) {
            copies.put("api/" + route, route);
        }
        for (Map.Entry<String, String> copy : copies.entrySet()) {
            byte[] expected = Files.readAllBytes(ROOT.resolve("events/" + copy.getKey() + ".json"));
            assertArrayEquals(expected, SnapStartPriming.event(owner(copy.getValue()), copy.getValue()),
                    "the priming copy of events/" + copy.getKey() + ".json differs: copy it again");
        }
    }

    /** A class of the module whose jar carries the named priming event. */
    private static Class<?> owner(String event) {
        for (ChainFunction f : ChainFunction.values()) {
            if (f.functionName().equals(event)) {
                return f.handler();
            }
        }
        return switch (event) {
            case "execution-ended" -> ExecutionEndedHandler.class;
            case "get-environment", "list-versions", "publish-version", "start-rollback" -> ApiHandler.class;
            default -> AlarmTriggerHandler.class;
        };
    }

    @SuppressWarnings("unchecked")
    private static <I, O> SnapStartPriming priming(ChainFunction f, FunctionWiring wiring, AwsSettings settings,
                                                   FunctionConfig config) {
        StepHandler<I, O> handler = (StepHandler<I, O>) f.build(wiring, EnvironmentHealthProbe.over(settings,
                Clock.systemUTC()));
        return handler.primingOf(settings, config, (w, s) -> (StepHandler<I, O>) f.build(w,
                EnvironmentHealthProbe.over(s, w.clock())));
    }

    /** A loopback TCP proxy that counts the connections it accepts and forwards each to the real endpoint. */
    private static final class CountingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final URI target;
        private final AtomicInteger connections = new AtomicInteger();

        CountingProxy(URI target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "counting-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        int connections() {
            return connections.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections.incrementAndGet();
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    pump(client.getInputStream(), upstream.getOutputStream(), upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), client);
                } catch (IOException e) {
                    // Closed: the test is over.
                }
            }
        }

        private static void pump(InputStream in, OutputStream out, Socket closeAfter) {
            Thread t = new Thread(() -> {
                try (closeAfter) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // The other side closed.
                }
            }, "counting-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
