package dev.flowback.emulators;

import static dev.flowback.emulators.TestClients.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The local Step Functions API through the real SfnClient: executions of api.asl.json run for real on
 * aws-local-stepfunctions against a local Lambda endpoint, and the client reads what the API answers as it reads
 * AWS's answers (typed results, typed exceptions, timestamps, history event types).
 */
class LocalStepFunctionsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEFINITION = TestFiles.resource("/asl/api.asl.json");
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static LocalStepFunctions runtime;
    private static LocalLambdaServer lambda;
    private static LocalStepFunctionsApi api;
    private static SfnClient sfn;
    /** quick: Pause takes no time; held: Pause lasts an hour, so the execution runs until stopped. */
    private static String quick;
    private static String held;
    /** What "call" does; a test may replace it. */
    private static final AtomicReference<LambdaFunction> CALL = new AtomicReference<>();

    @BeforeAll
    static void start() {
        runtime = LocalStepFunctions.create();
        lambda = LocalLambdaServer.start();
        lambda.register("call", payload -> CALL.get().invoke(payload));
        api = LocalStepFunctionsApi.start(runtime);
        LocalStepFunctions.Options options = LocalStepFunctions.Options.defaults()
                .withLambdaEndpoint(lambda.endpoint())
                .withSubstitution("CallFunctionArn", LocalLambdaServer.functionArn("call"));
        quick = api.register("quick", DEFINITION, options.withWaitTimeOverride("Pause", 0));
        held = api.register("held", DEFINITION, options);
        sfn = TestClients.sfn(api.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        api.close();
        lambda.close();
        runtime.close();
    }

    private static String name(String what) {
        return what + "-" + NAMES.incrementAndGet();
    }

    private static void answering() {
        CALL.set(payload -> JSON.writeValueAsBytes(Map.of("called", JSON.readTree(payload).path("name").asText())));
    }

    @Test
    void startAnswersAtOnceAndDescribeShowsRunningThenSucceededWithTheOutput() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CALL.set(payload -> {
            release.await(30, TimeUnit.SECONDS);
            return JSON.writeValueAsBytes(Map.of("called", "yes"));
        });
        String name = name("run");
        Instant before = Instant.now();

        StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(quick).name(name)
                .input("{\"workflow_id\": \"wf-abc123\"}"));

        assertEquals(LocalStepFunctions.executionArn("quick", name), started.executionArn());
        assertFalse(started.startDate().isBefore(before.minusMillis(1)), started.startDate() + " vs " + before);
        DescribeExecutionResponse running = sfn.describeExecution(b -> b.executionArn(started.executionArn()));
        assertEquals(ExecutionStatus.RUNNING, running.status());
        assertEquals(name, running.name());
        assertEquals(quick, running.stateMachineArn());
        assertEquals("{\"workflow_id\": \"wf-abc123\"}", running.input());
        assertEquals(started.startDate(), running.startDate());
        assertNull(running.stopDate());

        release.countDown();
        awaitTrue(() -> sfn.describeExecution(b -> b.executionArn(started.executionArn())).status()
                == ExecutionStatus.SUCCEEDED, "the execution succeeds");
        DescribeExecutionResponse done = sfn.describeExecution(b -> b.executionArn(started.executionArn()));
        JsonNode output = JSON.readTree(done.output());
        assertEquals("wf-abc123", output.path("request").path("workflow_id").asText());
        assertEquals("yes", output.path("called").path("called").asText());
        assertFalse(done.stopDate().isBefore(done.startDate()));
        assertNull(done.error());
    }

    @Test
    void theHistoryHasTheRunsEventsNamedAsStepFunctionsNamesThemAndPages() {
        answering();
        String arn = sfn.startExecution(b -> b.stateMachineArn(quick).name(name("history")).input("{}"))
                .executionArn();
        awaitTrue(() -> sfn.describeExecution(b -> b.executionArn(arn)).status() == ExecutionStatus.SUCCEEDED,
                "the execution succeeds");

        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();

        assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.PASS_STATE_ENTERED,
                HistoryEventType.PASS_STATE_EXITED, HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.WAIT_STATE_ENTERED,
                HistoryEventType.WAIT_STATE_EXITED, HistoryEventType.SUCCEED_STATE_ENTERED,
                HistoryEventType.SUCCEED_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED),
                events.stream().map(HistoryEvent::type).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1L, events.get(i).id());
            assertEquals((long) i, events.get(i).previousEventId());
            assertTrue(i == 0 || !events.get(i).timestamp().isBefore(events.get(i - 1).timestamp()));
        }
        assertEquals("Call", events.get(3).stateEnteredEventDetails().name());
        assertTrue(events.get(4).stateExitedEventDetails().output().contains("\"called\""));
        assertEquals("{}", events.get(0).executionStartedEventDetails().input());
        assertTrue(events.get(9).executionSucceededEventDetails().output().contains("\"called\""));

        GetExecutionHistoryResponse first = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(4)
                .reverseOrder(true).includeExecutionData(false));
        assertEquals(List.of(10L, 9L, 8L, 7L), first.events().stream().map(HistoryEvent::id).toList());
        assertNull(first.events().get(0).executionSucceededEventDetails().output(), "no data when not asked");
        GetExecutionHistoryResponse second = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(4)
                .reverseOrder(true).nextToken(first.nextToken()));
        assertEquals(List.of(6L, 5L, 4L, 3L), second.events().stream().map(HistoryEvent::id).toList());
    }

    @Test
    void aFailedLambdaTaskFailsTheExecutionWithItsErrorAndCauseAndIsLoggedAsLambdaFunctionFailed() throws Exception {
        CALL.set(payload -> {
            throw new PermanentTestFailure("the target is incompatible");
        });
        String arn = sfn.startExecution(b -> b.stateMachineArn(quick).name(name("failing"))).executionArn();
        awaitTrue(() -> sfn.describeExecution(b -> b.executionArn(arn)).status() == ExecutionStatus.FAILED,
                "the execution fails");

        DescribeExecutionResponse failed = sfn.describeExecution(b -> b.executionArn(arn));
        assertEquals(PermanentTestFailure.class.getName(), failed.error());
        assertEquals("the target is incompatible", JSON.readTree(failed.cause()).path("errorMessage").asText());
        assertNull(failed.output());
        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
        HistoryEvent lambdaFailed = events.stream().filter(e -> e.type() == HistoryEventType.LAMBDA_FUNCTION_FAILED)
                .findFirst().orElseThrow(() -> new AssertionError(events));
        assertEquals(PermanentTestFailure.class.getName(), lambdaFailed.lambdaFunctionFailedEventDetails().error());
        HistoryEvent last = events.get(events.size() - 1);
        assertEquals(HistoryEventType.EXECUTION_FAILED, last.type());
        assertEquals(PermanentTestFailure.class.getName(), last.executionFailedEventDetails().error());
    }

    @Test
    void stopAbortsARunningExecutionWithTheGivenErrorAndCauseAndAClosedOneStaysAsItEnded() {
        answering();
        String arn = sfn.startExecution(b -> b.stateMachineArn(held).name(name("stopped"))).executionArn();
        awaitTrue(() -> sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
                .anyMatch(e -> e.type() == HistoryEventType.WAIT_STATE_ENTERED), "the execution reaches its Pause");

        Instant stopDate = sfn.stopExecution(b -> b.executionArn(arn).error("Operator.Abort").cause("wrong target"))
                .stopDate();

        DescribeExecutionResponse aborted = sfn.describeExecution(b -> b.executionArn(arn));
        assertEquals(ExecutionStatus.ABORTED, aborted.status(), "aborted by the time StopExecution answers");
        assertEquals(stopDate, aborted.stopDate());
        assertEquals("Operator.Abort", aborted.error());
        assertEquals("wrong target", aborted.cause());
        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
        HistoryEvent last = events.get(events.size() - 1);
        assertEquals(HistoryEventType.EXECUTION_ABORTED, last.type());
        assertEquals("wrong target", last.executionAbortedEventDetails().cause());

        assertEquals(stopDate, sfn.stopExecution(b -> b.executionArn(arn).error("Again")).stopDate());
        assertEquals("Operator.Abort", sfn.describeExecution(b -> b.executionArn(arn)).error());
    }

    @Test
    void aNameIsTheSameExecutionWhileItRunsWithTheSameInputAndIsRefusedOtherwise() {
        answering();
        String name = name("reuse");
        StartExecutionResponse first = sfn.startExecution(b -> b.stateMachineArn(held).name(name).input("{\"a\":1}"));

        StartExecutionResponse again = sfn.startExecution(b -> b.stateMachineArn(held).name(name).input("{\"a\":1}"));
        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(first.startDate(), again.startDate());
        assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(b -> b.stateMachineArn(held).name(name).input("{\"a\":2}")));
        assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(b -> b.stateMachineArn(held).name(name).input("{\"a\": 1}")),
                "inputs are compared as sent");

        sfn.stopExecution(b -> b.executionArn(first.executionArn()));
        ExecutionAlreadyExistsException closed = assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(b -> b.stateMachineArn(held).name(name).input("{\"a\":1}")));
        assertTrue(closed.getMessage().contains(first.executionArn()), closed.getMessage());
    }

    @Test
    void badRequestsAreRefusedWithTheServicesTypedErrors() {
        assertThrows(ExecutionDoesNotExistException.class, () -> sfn.describeExecution(b -> b.executionArn(
                LocalStepFunctions.executionArn("quick", "never-started"))));
        assertThrows(StateMachineDoesNotExistException.class, () -> sfn.startExecution(b -> b.stateMachineArn(
                LocalStepFunctions.stateMachineArn("unknown")).name("x")));
        assertThrows(InvalidNameException.class, () -> sfn.startExecution(b -> b.stateMachineArn(quick)
                .name("two words")));
        assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(b -> b.stateMachineArn(quick)
                .name(name("bad-input")).input("{not json")));
    }

    @Test
    void listExecutionsShowsTheNewestFirstAndFiltersByStatus() {
        answering();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = name("listed");
            arns.add(0, sfn.startExecution(b -> b.stateMachineArn(held).name(name)).executionArn());
        }
        sfn.stopExecution(b -> b.executionArn(arns.get(1)));

        List<String> running = sfn.listExecutions(b -> b.stateMachineArn(held).statusFilter(ExecutionStatus.RUNNING))
                .executions().stream().map(e -> e.executionArn()).toList();
        assertTrue(running.indexOf(arns.get(0)) >= 0 && running.indexOf(arns.get(0)) < running.indexOf(arns.get(2)),
                running::toString);
        assertFalse(running.contains(arns.get(1)));
        assertNotNull(sfn.listExecutions(b -> b.stateMachineArn(held).statusFilter(ExecutionStatus.ABORTED))
                .executions().stream().filter(e -> e.executionArn().equals(arns.get(1))).findFirst()
                .orElseThrow().stopDate());
        arns.forEach(arn -> sfn.stopExecution(b -> b.executionArn(arn)));
    }

    @Test
    void injectedThrottlingIsRetriedByTheSdkAndReachesTheCallerOnlyWhenItOutlastsTheAttempts() {
        answering();
        api.failNextCalls("DescribeExecution", 2, 400, "ThrottlingException");
        String arn = sfn.startExecution(b -> b.stateMachineArn(quick).name(name("throttled"))).executionArn();
        assertEquals(arn, sfn.describeExecution(b -> b.executionArn(arn)).executionArn(), "retried through two");

        api.failNextCalls("DescribeExecution", 10, 500, "InternalFailure");
        SfnException failure = assertThrows(SfnException.class, () -> sfn.describeExecution(b -> b.executionArn(arn)));
        assertEquals(500, failure.statusCode());
        api.failNextCalls("DescribeExecution", 0, 500, "InternalFailure");
    }
}
