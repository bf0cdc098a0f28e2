package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs tiny-flow.asl.json (Task, Choice, Wait, Task with Retry and Catch, putEvents) through
 * aws-local-stepfunctions against handlers served by {@link LocalLambdaServer}.
 */
class LocalStepFunctionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FLOW = TestFiles.resource("/asl/tiny-flow.asl.json");
    private static final String INPUT = "{\"workflow_id\": \"wf-abc123\", \"wait\": true}";

    private LocalLambdaServer lambda;
    private final AtomicInteger applyFailuresLeft = new AtomicInteger();

    @BeforeEach
    void startLambda() {
        lambda = LocalLambdaServer.start();
        lambda.register("prepare", payload -> {
            JsonNode input = JSON.readTree(payload);
            return JSON.writeValueAsBytes(Map.of("wait", input.path("wait").asBoolean()));
        });
        lambda.register("apply", payload -> {
            if (applyFailuresLeft.getAndDecrement() > 0) {
                throw new TransientTestFailure("DynamoDB throttled");
            }
            return JSON.writeValueAsBytes(Map.of("version", "v2"));
        });
        lambda.register("compensate", payload -> JSON.writeValueAsBytes(Map.of("gate", "open")));
    }

    @AfterEach
    void stopLambda() {
        lambda.close();
    }

    @Test
    void retriesTheTransientErrorWaitsAndAnnounces() {
        applyFailuresLeft.set(2);

        ExecutionResult result = LocalStepFunctions.run(FLOW, INPUT, options()
                .withWaitTimeOverride("Settle", 0)
                .withRetryIntervalOverride("Apply", 0)
                .withExecutionName("retry-then-succeed"));

        assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), () -> result.error() + ": " + result.cause());
        assertEquals("v2", result.output().path("applied").path("version").asText());
        assertEquals(List.of("Prepare", "NeedsToWait", "Settle", "Apply", "Announce"), result.statesEntered());
        assertEquals(3, lambda.invocations("apply").size());
        assertEquals(List.of(1, 2), result.events("StateRetried").stream().map(ExecutionEvent::retryAttempt).toList());
        assertEquals(TransientTestFailure.class.getName(), result.events("StateFailed").get(0).error());

        JsonNode entry = result.localTaskCalls("Announce").get(0).input().path("Entries").get(0);
        assertEquals("flowback", entry.path("Source").asText());
        assertEquals("wf-abc123", entry.path("Detail").path("workflow_id").asText());
        assertEquals("v2", entry.path("Detail").path("applied").path("version").asText());
    }

    @Test
    void choiceSkipsTheWaitWhenNotNeeded() {
        ExecutionResult result = LocalStepFunctions.run(FLOW, "{\"workflow_id\": \"wf-abc123\", \"wait\": false}",
                options());

        assertTrue(result.succeeded());
        assertEquals(List.of("Prepare", "NeedsToWait", "Apply", "Announce"), result.statesEntered());
    }

    @Test
    void catchesThePermanentErrorByClassNameAndCompensates() throws Exception {
        lambda.register("apply", payload -> {
            throw new PermanentTestFailure("engine 3.x cannot run a 2.x definition");
        });

        ExecutionResult result = LocalStepFunctions.run(FLOW, INPUT, options().withNoDelays());

        assertEquals(ExecutionResult.Status.FAILED, result.status());
        assertEquals("ApplyFailed", result.error());
        assertEquals(1, lambda.invocations("apply").size(), "a permanent error is not retried");
        ExecutionEvent caught = result.events("StateCaught").get(0);
        assertEquals("Apply", caught.stateName());
        assertEquals("Compensate", caught.catchNext());

        JsonNode compensateInput = JSON.readTree(lambda.invocations("compensate").get(0).payload());
        assertEquals(PermanentTestFailure.class.getName(), compensateInput.path("failure").path("Error").asText());
        assertTrue(compensateInput.path("failure").path("Cause").asText().contains("cannot run a 2.x definition"));
    }

    @Test
    void anUncaughtFunctionErrorFailsTheExecutionWithTheLambdaErrorDocumentAsCause() throws Exception {
        lambda.register("prepare", payload -> {
            throw new IllegalStateException("lock held by another rollback");
        });

        ExecutionResult result = LocalStepFunctions.run(FLOW, INPUT, options().withNoDelays());

        assertEquals(ExecutionResult.Status.FAILED, result.status());
        assertEquals("java.lang.IllegalStateException", result.error());
        JsonNode cause = JSON.readTree(result.cause());
        assertEquals("lock held by another rollback", cause.path("errorMessage").asText());
        assertEquals(List.of("Prepare"), result.statesEntered());
    }

    @Test
    void aLocalHandlerCanFailATaskWithANamedError() {
        ExecutionResult result = LocalStepFunctions.run(FLOW, INPUT, options().withNoDelays()
                .withLocalTaskHandler("Announce", LocalTaskHandler.fail("EventBridge.ThrottlingException",
                        "slow down")));

        assertEquals(ExecutionResult.Status.FAILED, result.status());
        assertEquals("EventBridge.ThrottlingException", result.error());
        assertEquals("slow down", result.cause());
    }

    @Test
    void aFunctionMissingFromTheServerFailsTheTask() {
        LocalLambdaServer empty = LocalLambdaServer.start();
        try {
            ExecutionResult result = LocalStepFunctions.run(FLOW, INPUT, options()
                    .withLambdaEndpoint(empty.endpoint()));

            assertEquals(ExecutionResult.Status.FAILED, result.status());
            assertEquals("ResourceNotFoundException", result.error());
        } finally {
            empty.close();
        }
    }

    @Test
    void anUnreplacedPlaceholderIsReportedBeforeRunning() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LocalStepFunctions.run(
                FLOW, INPUT, LocalStepFunctions.Options.defaults().withSubstitution("PrepareFunctionArn", "x")));

        assertTrue(error.getMessage().contains("${ApplyFunctionArn}"), error.getMessage());
        assertTrue(error.getMessage().contains("${CompensateFunctionArn}"), error.getMessage());
    }

    @Test
    void anInvalidDefinitionIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LocalStepFunctions.run(
                TestFiles.resource("/asl/broken.asl.json"), "{}", options()));

        assertTrue(error.getMessage().contains("Missing"), error.getMessage());
    }

    @Test
    void theNoDelaysOptionFindsWaitAndRetryStatesInsideParallelBranches() throws Exception {
        ObjectNode machine = (ObjectNode) JSON.readTree("""
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 5, "End": true}}},
                  {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "r", "End": true,
                     "Retry": [{"ErrorEquals": ["States.ALL"]}]}}}]}}}
                """);

        ObjectNode request = StepFunctionsRequest.build(machine, JSON.createObjectNode(), options().withNoDelays()
                .withWaitTimeOverride("Pause", 7));

        assertEquals(7, request.path("waitTimeOverrides").path("Pause").asLong());
        assertEquals(0, request.path("retryIntervalOverrides").path("Call").asLong());
        assertTrue(request.path("retryIntervalOverrides").path("Call").isNumber());
    }

    @Test
    void parallelBranchesInvokeTheirFunctionsConcurrently() throws Exception {
        // Each function returns only once both are running: the execution succeeds only if the
        // library and the server really run the branches at the same time.
        CountDownLatch bothRunning = new CountDownLatch(2);
        LambdaFunction rendezvous = payload -> {
            bothRunning.countDown();
            if (!bothRunning.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other branch never started");
            }
            return payload;
        };
        lambda.register("left", rendezvous).register("right", rendezvous);

        ExecutionResult result = LocalStepFunctions.run(TestFiles.resource("/asl/parallel.asl.json"), "{\"n\": 1}",
                LocalStepFunctions.Options.defaults()
                        .withLambdaEndpoint(lambda.endpoint())
                        .withSubstitution("LeftFunctionArn", LocalLambdaServer.functionArn("left"))
                        .withSubstitution("RightFunctionArn", LocalLambdaServer.functionArn("right")));

        assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
        assertEquals(JSON.readTree("[{\"n\": 1}, {\"n\": 1}]"), result.output());
        assertTrue(result.statesEntered().containsAll(List.of("Both", "Left", "Right")),
                result.statesEntered()::toString);
    }

    @Test
    void anExecutionPastItsTimeoutSecondsTimesOut() {
        ExecutionResult result = LocalStepFunctions.run(TestFiles.resource("/asl/slow.asl.json"), "{}",
                LocalStepFunctions.Options.defaults());

        assertEquals(ExecutionResult.Status.TIMED_OUT, result.status());
        assertEquals("States.Timeout", result.error());
        assertEquals("ExecutionTimeout", result.events().get(result.events().size() - 1).type());
    }

    private LocalStepFunctions.Options options() {
        return LocalStepFunctions.Options.defaults()
                .withLambdaEndpoint(lambda.endpoint())
                .withLocalTaskHandler("Announce", LocalTaskHandler.echo())
                .withSubstitutions(Map.of(
                        "PrepareFunctionArn", LocalLambdaServer.functionArn("prepare"),
                        "ApplyFunctionArn", LocalLambdaServer.functionArn("apply"),
                        "CompensateFunctionArn", LocalLambdaServer.functionArn("compensate")));
    }
}
