package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.port.RollbackExecutions.StartedRollback;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.testing.JsonObject;
import dev.flowback.emulators.Polling;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * A rollback started as the alarm trigger and the API start one: SfnRollbackExecutions, configured from
 * FLOWBACK_STATE_MACHINE_ARN, calls the local Step Functions API, which runs the real statemachine/rollback.asl.json
 * on aws-local-stepfunctions against the real handlers over S3Proxy and dynalite. The test polls DescribeExecution
 * until the execution ends, as a caller reading a rollback's status would.
 */
class RollbackThroughStepFunctionsApiTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static ChainFixture chain;
    private static SfnClient sfn;
    private static SfnRollbackExecutions executions;

    @BeforeAll
    static void start() {
        chain = new ChainFixture();
        sfn = SfnRollbackExecutions.client(chain.runner.awsSettings());
        executions = new SfnRollbackExecutions(sfn, StateMachineConfig.from(Map.of(
                StateMachineConfig.STATE_MACHINE_ARN, chain.runner.stateMachineArn())));
    }

    @AfterAll
    static void stop() {
        sfn.close();
        chain.close();
    }

    @Test
    void aRollbackStartedThroughTheAdapterRunsTheChainAndMovesThePointer() throws Exception {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        String name = ChainFixture.executionName("alarm-rollback");
        RollbackRequest request = RollbackRequest.parse(new JsonObject().with("workflow_id", wf)
                .with("environment", "prod").with("target_version", "previous").with("reason", "error rate up")
                .with("requested_by", "alarm:wf-errors").with("trigger", "alarm"));

        StartedRollback started = executions.start(name, request);

        assertFalse(started.alreadyStarted());
        assertEquals(chain.runner.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + name,
                started.executionArn());
        DescribeExecutionResponse done = awaitEnd(started.executionArn());
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), () -> done.error() + ": " + done.cause());
        JsonNode outcome = PayloadJson.MAPPER.readTree(done.output());
        assertEquals("SUCCEEDED", outcome.path("status").asText());
        assertEquals("v2", outcome.path("from_version").asText());
        assertEquals("v1", outcome.path("to_version").asText());
        assertEquals(started.executionArn(), outcome.path("execution_id").asText(), "$$.Execution.Id is the ARN");

        EnvironmentState state = chain.state(wf);
        assertEquals(VersionId.of("v1"), state.pointer().activeVersion(), "the pointer moved back");
        assertFalse(state.gate().isClosed());
        assertNull(state.lock().holder());
        RollbackRecord record = chain.runner.stores().journal().find(EnvironmentRef.of(wf, "prod"),
                started.executionArn()).orElseThrow();
        assertEquals(RollbackStatus.SUCCEEDED, record.status());
        assertEquals(RollbackTrigger.ALARM, record.trigger());
        assertEquals(started.startedAt(), done.startDate());

        List<HistoryEvent> history = sfn.getExecutionHistory(b -> b.executionArn(started.executionArn())
                .maxResults(1000)).events();
        List<String> tasksEntered = history.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED)
                .map(e -> e.stateEnteredEventDetails().name()).toList();
        assertEquals(List.of("Snapshot", "Validate", "Pause", "Switch", "CheckHealth", "Verify", "AnnounceSucceeded"),
                tasksEntered);
        assertEquals(HistoryEventType.EXECUTION_SUCCEEDED, history.get(history.size() - 1).type());

        StartedRollback again = executions.start(name, request);
        assertTrue(again.alreadyStarted(), "a redelivered alarm finds the rollback it started");
        assertEquals(started.executionArn(), again.executionArn());
        long switches = chain.audit(wf).stream().filter(e -> e.executionId().equals(started.executionArn()))
                .map(AuditEntry::step).filter("switch"::equals).count();
        assertEquals(1, switches, "nothing ran twice");
    }

    @Test
    void anExecutionStoppedMidChainIsClosedByTheReaper() throws Exception {
        String wf = chain.twoVersionsLive(ChainFixture.quick());
        String name = ChainFixture.executionName("stopped-by-hand");
        // Hold the execution inside Pause, after the gate closed: then stop it, as from the console. No Catch runs.
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        chain.runner.wrap(ChainFunction.PAUSE, real -> payload -> {
            byte[] answer = real.invoke(payload);
            paused.countDown();
            release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return answer;
        });
        StartedRollback started;
        try {
            started = executions.start(name, RollbackRequest.parse(new JsonObject().with("workflow_id", wf)
                    .with("environment", "prod").with("target_version", "v1").with("requested_by", "ops")));
            assertTrue(paused.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the execution reached Pause");
            sfn.stopExecution(b -> b.executionArn(started.executionArn()).error("Operator.Stopped")
                    .cause("stopped from the console"));
        } finally {
            release.countDown();
            chain.runner.restore(ChainFunction.PAUSE);
        }
        DescribeExecutionResponse stopped = awaitEnd(started.executionArn());
        assertEquals(ExecutionStatus.ABORTED, stopped.status());
        EnvironmentState left = chain.state(wf);
        assertTrue(left.gate().isClosed() && left.lock().isHeldBy(started.executionArn()),
                "a stopped execution leaves its gate and lock: nothing compensated it");
        assertEquals(RollbackStatus.IN_PROGRESS, chain.runner.stores().journal().find(EnvironmentRef.of(wf, "prod"),
                started.executionArn()).orElseThrow().status());

        // The event EventBridge delivers for it: the execution's own fields, as DescribeExecution gives them.
        byte[] event = PayloadJson.write(Map.of("detail-type", "Step Functions Execution Status Change",
                "source", "aws.states", "detail", Map.of("executionArn", stopped.executionArn(),
                        "stateMachineArn", stopped.stateMachineArn(), "name", stopped.name(),
                        "status", stopped.statusAsString(), "startDate", stopped.startDate().toEpochMilli(),
                        "stopDate", stopped.stopDate().toEpochMilli(), "input", stopped.input())));
        JsonNode reaped = PayloadJson.MAPPER.readTree(chain.runner.reaper().invoke(event));

        assertEquals("FAILED", reaped.path("status").asText(), reaped.toString());
        EnvironmentState after = chain.state(wf);
        assertFalse(after.gate().isClosed(), "the reaper reopened the gate");
        assertNull(after.lock().holder(), "and released the lock");
        assertEquals(VersionId.of("v2"), after.pointer().activeVersion(), "stopped before the switch: v2 stays");
        RollbackRecord record = chain.runner.stores().journal().find(EnvironmentRef.of(wf, "prod"),
                started.executionArn()).orElseThrow();
        assertEquals(RollbackStatus.FAILED, record.status());
        assertEquals(StepFailure.EXECUTION_ENDED, record.error());
        assertTrue(record.message().contains("ended ABORTED"), record.message());

        // A second delivery of the event changes nothing.
        JsonNode again = PayloadJson.MAPPER.readTree(chain.runner.reaper().invoke(event));
        assertEquals("FAILED", again.path("status").asText());
        assertEquals(record, chain.runner.stores().journal().find(EnvironmentRef.of(wf, "prod"),
                started.executionArn()).orElseThrow());
    }

    private static DescribeExecutionResponse awaitEnd(String executionArn) {
        return Polling.await(() -> Optional.of(sfn.describeExecution(b -> b.executionArn(executionArn)))
                .filter(e -> e.status() != ExecutionStatus.RUNNING), DEADLINE, executionArn + " ended");
    }
}
