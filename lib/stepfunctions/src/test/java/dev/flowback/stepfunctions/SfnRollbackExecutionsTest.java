package dev.flowback.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.port.RollbackExecutions.StartedRollback;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.testing.RollbackExecutionsContract;
import dev.flowback.emulators.LocalStepFunctions;
import dev.flowback.emulators.LocalStepFunctionsApi;
import dev.flowback.emulators.Polling;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The adapter on the local Step Functions API, through the real SfnClient built by
 * {@link SfnRollbackExecutions#client}: the port's contract, and what only the adapter decides (the input's JSON,
 * names, finished executions, executions started by hand, failures). The same contract runs against moto in
 * {@link SfnRollbackExecutionsOnMotoTest}.
 */
class SfnRollbackExecutionsTest extends RollbackExecutionsContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static LocalStepFunctions runtime;
    private static LocalStepFunctionsApi api;
    private static SfnClient sfn;
    /** Executions that wait an hour, until stopped. */
    private static StateMachineConfig held;
    /** Executions that end at once. */
    private static StateMachineConfig quick;

    @BeforeAll
    static void start() throws URISyntaxException {
        Path waits = Path.of(Objects.requireNonNull(SfnRollbackExecutionsTest.class.getResource("/asl/waits.asl.json"))
                .toURI());
        runtime = LocalStepFunctions.create();
        api = LocalStepFunctionsApi.start(runtime);
        held = new StateMachineConfig(api.register("rollback-held", waits, LocalStepFunctions.Options.defaults()));
        quick = new StateMachineConfig(api.register("rollback-quick", waits, LocalStepFunctions.Options.defaults()
                .withWaitTimeOverride("Linger", 0)));
        sfn = SfnRollbackExecutions.client(AwsSettings.local("local", "local-secret", Map.of("sfn", api.endpoint())));
    }

    @AfterAll
    static void stop() {
        sfn.close();
        api.close();
        runtime.close();
    }

    @Override
    protected RollbackExecutions executions() {
        return new SfnRollbackExecutions(sfn, held);
    }

    @Test
    void theInputIsTheRequestsDocumentedFieldsAsJson() throws Exception {
        RollbackRequest request = request("v1.4.2", "error rate up");
        StartedRollback started = executions().start(freshName("input"), request);

        String input = sfn.describeExecution(b -> b.executionArn(started.executionArn())).input();

        assertEquals("{\"workflow_id\":\"wf-abc123\",\"environment\":\"prod\",\"target_version\":\"v1.4.2\","
                + "\"reason\":\"error rate up\",\"force\":false,\"dry_run\":false,\"requested_by\":\"contract\","
                + "\"trigger\":\"alarm\"}", input);
        assertEquals(SfnRollbackExecutions.inputJson(request), input);
        assertEquals(request, RollbackRequest.parse(JSON.readValue(input, Map.class)));
    }

    @Test
    void aFinishedRollbackStartedAgainIsStillTheSameRollback() {
        SfnRollbackExecutions executions = new SfnRollbackExecutions(sfn, quick);
        String name = freshName("finished");
        RollbackRequest request = request("previous", "alarm");
        StartedRollback first = executions.start(name, request);
        awaitStatus(first.executionArn(), ExecutionStatus.SUCCEEDED);

        StartedRollback again = executions.start(name, request);

        assertTrue(again.alreadyStarted());
        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(first.startedAt(), again.startedAt());
        assertThrows(ExecutionAlreadyExistsException.class, () -> sfn.startExecution(b -> b
                .stateMachineArn(quick.stateMachineArn()).name(name).input(SfnRollbackExecutions.inputJson(request))),
                "StartExecution alone refuses a closed execution's name");
    }

    @Test
    void anEqualRequestWrittenOtherwiseIsTheSameRollbackAndAnyOtherInputAConflict() throws Exception {
        String byHand = freshName("by-hand");
        Map<String, Object> reordered = new LinkedHashMap<>(request("v1.4.2", "manual").toFields());
        reordered.remove("trigger");
        reordered.put("trigger", "alarm");
        String spaced = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reordered);
        sfn.startExecution(b -> b.stateMachineArn(held.stateMachineArn()).name(byHand).input(spaced));

        assertTrue(executions().start(byHand, request("v1.4.2", "manual")).alreadyStarted());

        String other = freshName("other-input");
        sfn.startExecution(b -> b.stateMachineArn(held.stateMachineArn()).name(other).input("{\"foo\": 1}"));
        VersionConflictException refused = assertThrows(VersionConflictException.class,
                () -> executions().start(other, request("v1.4.2", "manual")));
        assertTrue(refused.getMessage().contains("an execution named " + other + " exists with another input"),
                refused.getMessage());
    }

    @Test
    void aBadNameIsRefusedNamingWhatIsWrongBeforeAnyCall() {
        for (String bad : List.of("two words", "slash/ed", "", "x".repeat(81), "tab\there")) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> executions().start(bad, request("previous", "bad name")), bad);
            assertEquals("execution_name", refused.problems().get(0).field());
        }
        assertThrows(ExecutionDoesNotExistException.class,
                () -> sfn.describeExecution(b -> b.executionArn(held.executionArn("two words"))));
        assertEquals(80, SfnRollbackExecutions.MAX_NAME);
        assertFalse(executions().start("a".repeat(80), request("previous", "longest name")).alreadyStarted());
    }

    @Test
    void anUnknownStateMachineIsAPermanentFailureNamingIt() {
        StateMachineConfig missing = new StateMachineConfig(LocalStepFunctions.stateMachineArn("no-such-machine"));

        StorageFailureException failure = assertThrows(StorageFailureException.class,
                () -> new SfnRollbackExecutions(sfn, missing).start(freshName("nowhere"), request("previous", "x")));

        assertTrue(failure.getMessage().contains(missing.stateMachineArn()), failure.getMessage());
    }

    @Test
    void throttlingAndServerErrorsAreTransient() {
        api.failNextCalls("DescribeExecution", 10, 400, "ThrottlingException");
        try {
            TransientStorageException throttled = assertThrows(TransientStorageException.class,
                    () -> executions().start(freshName("throttled"), request("previous", "x")));
            assertTrue(throttled.getMessage().startsWith("reading rollback execution"), throttled.getMessage());
        } finally {
            api.failNextCalls("DescribeExecution", 0, 0, null);
        }
        api.failNextCalls("StartExecution", 10, 503, "ServiceUnavailable");
        try {
            TransientStorageException unavailable = assertThrows(TransientStorageException.class,
                    () -> executions().start(freshName("unavailable"), request("previous", "x")));
            assertTrue(unavailable.getMessage().startsWith("starting rollback execution"), unavailable.getMessage());
        } finally {
            api.failNextCalls("StartExecution", 0, 0, null);
        }
    }

    @Test
    void startsOfOneNameAtOnceMakeOneExecutionAndRefuseTheOtherRequest() throws Exception {
        String name = freshName("race");
        int callers = 8;
        CyclicBarrier together = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<StartedRollback>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                RollbackRequest request = request(i % 2 == 0 ? "previous" : "v1.4.2", "race");
                answers.add(pool.submit(() -> {
                    together.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    return executions().start(name, request);
                }));
            }
            List<StartedRollback> started = new ArrayList<>();
            int refused = 0;
            for (Future<StartedRollback> answer : answers) {
                try {
                    started.add(answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertInstanceOf(VersionConflictException.class, e.getCause());
                    refused++;
                }
            }
            assertFalse(started.isEmpty());
            assertTrue(started.stream().allMatch(s -> s.executionArn().equals(held.executionArn(name))));
            assertEquals(callers / 2, started.size(), "the winner's request, four times");
            assertEquals(callers / 2, refused, "the other request, four times");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitStatus(String executionArn, ExecutionStatus status) {
        Polling.awaitTrue(() -> sfn.describeExecution(b -> b.executionArn(executionArn)).status() == status, DEADLINE,
                executionArn + " " + status);
    }
}
