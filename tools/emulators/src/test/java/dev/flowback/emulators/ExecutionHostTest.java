package dev.flowback.emulators;

import static dev.flowback.emulators.TestClients.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One Node process runs every execution of a {@link LocalStepFunctions}: many at once, each with its own options
 * (Lambda endpoint, wait and retry overrides, task handlers, names), and a new process replaces one that died.
 */
class ExecutionHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONTEXT = TestFiles.resource("/asl/context.asl.json");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private LocalStepFunctions stepFunctions;
    private final List<LocalLambdaServer> servers = new ArrayList<>();

    @BeforeEach
    void create() {
        stepFunctions = LocalStepFunctions.create();
    }

    @AfterEach
    void close() {
        stepFunctions.close();
        servers.forEach(LocalLambdaServer::close);
    }

    @Test
    void manyExecutionsRunAtOnceInOneProcessEachWithItsOwnOptions() throws Exception {
        int executions = 6;
        // Every execution's second Call attempt waits until all of them are there: they finish only if they run at
        // the same time. The first attempt of each fails, so each needs its own retry override to go on.
        CountDownLatch allCalling = new CountDownLatch(executions);
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        LocalLambdaServer serverA = server("A", allCalling, failedOnce);
        LocalLambdaServer serverB = server("B", allCalling, failedOnce);

        List<LocalExecution> started = new ArrayList<>();
        for (int i = 0; i < executions; i++) {
            started.add(stepFunctions.start(CONTEXT, "{}", LocalStepFunctions.Options.defaults()
                    .withLambdaEndpoint((i % 2 == 0 ? serverA : serverB).endpoint())
                    .withSubstitution("CallFunctionArn", LocalLambdaServer.functionArn("call"))
                    .withRetryIntervalOverride("Call", 0)
                    .withWaitTimeOverride("Pause", 10L * i)
                    .withLocalTaskHandler("Announce", LocalTaskHandler.returning(JSON.readTree("{\"i\": " + i + "}")))
                    .withExecutionName("concurrent-" + i)
                    .withStateMachineName("machine-" + (i % 3))));
        }

        for (int i = 0; i < executions; i++) {
            LocalExecution execution = started.get(i);
            ExecutionResult result = execution.await(DEADLINE);
            assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
            JsonNode output = result.output();
            assertEquals("concurrent-" + i, output.path("name").asText());
            assertEquals(LocalStepFunctions.executionArn("machine-" + (i % 3), "concurrent-" + i),
                    output.path("id").asText());
            assertEquals(execution.executionArn(), output.path("id").asText());
            assertEquals("machine-" + (i % 3), output.path("machine").asText());
            assertEquals(i % 2 == 0 ? "A" : "B", output.path("called").path("server").asText(), "its own endpoint");
            assertEquals(i, output.path("announced").path("i").asInt(), "its own task handler");
            assertEquals(1, result.events("StateRetried").size());
            assertEquals(Instant.parse(output.path("started").asText()).toEpochMilli(),
                    execution.startedAt().toEpochMilli(), 5, "$$.Execution.StartTime is the start date");
        }
        assertEquals(1, stepFunctions.hostStarts(), "one Node process for every execution");
    }

    @Test
    void aStoppedExecutionEndsAborted() {
        LocalExecution execution = stepFunctions.start(CONTEXT, "{}", contextOptions("stopped"));
        awaitTrue(() -> execution.events().stream().anyMatch(e -> "Pause".equals(e.stateName())),
                "the execution reaches its hour-long Pause");
        assertTrue(execution.result().isEmpty(), "still waiting");

        execution.stop();

        ExecutionResult result = execution.await(DEADLINE);
        assertEquals(ExecutionResult.Status.ABORTED, result.status());
        assertEquals("ExecutionAborted", result.events().get(result.events().size() - 1).type());
    }

    @Test
    void whenTheProcessDiesItsExecutionsFailSayingSoAndTheNextExecutionGetsAFreshProcess() throws Exception {
        LocalExecution waiting = stepFunctions.start(CONTEXT, "{}", contextOptions("lost"));
        long firstPid = stepFunctions.currentHost().pid();

        stepFunctions.currentHost().kill();

        ExecutionException lost = assertThrows(ExecutionException.class,
                () -> waiting.completion().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(lost.getCause() instanceof IllegalStateException, lost::toString);
        assertTrue(lost.getCause().getMessage().contains("execution-host.js exited"), lost.getCause()::getMessage);

        ExecutionResult next = stepFunctions.execute(CONTEXT, "{}", contextOptions("after-restart")
                .withWaitTimeOverride("Pause", 0));
        assertTrue(next.succeeded(), () -> next.error() + ": " + next.cause());
        assertEquals(2, stepFunctions.hostStarts());
        assertNotEquals(firstPid, stepFunctions.currentHost().pid());
    }

    @Test
    void closingEndsTheProcessAndRefusesNewExecutions() {
        ExecutionResult result = stepFunctions.execute(CONTEXT, "{}", contextOptions("before-close")
                .withWaitTimeOverride("Pause", 0));
        assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
        long pid = stepFunctions.currentHost().pid();

        stepFunctions.close();

        awaitTrue(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the Node process ends");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> stepFunctions.start(CONTEXT, "{}", contextOptions("after-close")));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    @Test
    void aTimeoutStopsTheExecutionAndSaysHowLongItWaited() {
        LocalStepFunctions.Options options = contextOptions("too-slow").withTimeout(Duration.ofMillis(300));

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> stepFunctions.execute(CONTEXT, "{}", options));

        assertTrue(error.getMessage().contains("did not finish within PT0.3S"), error.getMessage());
    }

    private LocalStepFunctions.Options contextOptions(String name) {
        LocalLambdaServer server = server("only", new CountDownLatch(0), ConcurrentHashMap.newKeySet());
        return LocalStepFunctions.Options.defaults()
                .withLambdaEndpoint(server.endpoint())
                .withSubstitution("CallFunctionArn", LocalLambdaServer.functionArn("call"))
                .withRetryIntervalOverride("Call", 0)
                .withLocalTaskHandler("Announce", LocalTaskHandler.echo())
                .withExecutionName(name);
    }

    /** Serves "call": fails each execution's first attempt, then meets the others and answers with its tag. */
    private LocalLambdaServer server(String tag, CountDownLatch allCalling, Set<String> failedOnce) {
        LocalLambdaServer server = LocalLambdaServer.start();
        servers.add(server);
        server.register("call", payload -> {
            String name = JSON.readTree(payload).path("name").asText();
            if (failedOnce.add(name)) {
                throw new TransientTestFailure("first attempt of " + name);
            }
            allCalling.countDown();
            if (!allCalling.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other executions never called");
            }
            return JSON.writeValueAsBytes(Map.of("server", tag));
        });
        return server;
    }
}
