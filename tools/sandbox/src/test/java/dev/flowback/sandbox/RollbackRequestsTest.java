package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB requests a rollback makes, counted at the SDK (AwsRequestCounter on every client the real handlers
 * build) against dynalite, through the real state machine: exactly one conditional write moves the environment
 * pointer (two for a REVERT: the switch and the switch back), no conditional write is attempted that fails, and a
 * plain rollback stays within the requests docs/PERFORMANCE.md accounts for.
 */
class RollbackRequestsTest {
    /**
     * The requests docs/PERFORMANCE.md accounts for, one by one, for a rollback with one health check (30), and the
     * registry's GOOD mark of a SUCCEEDED verdict (its GetItem and conditional UpdateItem of the target's record).
     */
    private static final int ACCOUNTED_DYNAMODB_REQUESTS = 32;

    private static final AwsRequestCounter COUNTER = new AwsRequestCounter();
    private static LocalStorage stack;
    private static ScriptedHealthProbe health;
    private static LocalRollbackRunner runner;

    @BeforeAll
    static void start() {
        stack = LocalStorage.start();
        health = new ScriptedHealthProbe(Clock.systemUTC());
        runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(stack.settings().withInterceptor(COUNTER),
                LocalStorage.TABLE, LocalStorage.BUCKET, health));
        for (ChainFunction function : ChainFunction.values()) {
            runner.wrap(function, handler -> payload -> AwsRequestCounter.during(function.functionName(),
                    () -> handler.invoke(payload)));
        }
    }

    @AfterAll
    static void stop() {
        runner.close();
        stack.close();
    }

    @Test
    void aRollbackMovesThePointerWithExactlyOneConditionalWrite() {
        String wf = twoVersionsLive("wf-requests-1", VerifyFailurePolicy.HOLD_AND_MARK_BAD);
        COUNTER.reset();
        RollbackRun run = rollback(wf, "back", "v1");
        assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());

        List<AwsRequestCounter.Request> dynamo = COUNTER.requests().stream().filter(AwsRequestCounter.Request::dynamo)
                .toList();
        List<AwsRequestCounter.Request> pointer = dynamo.stream().filter(AwsRequestCounter.Request::pointer).toList();
        assertEquals(1, pointer.size(), () -> "pointer-moving writes: " + pointer);
        assertEquals("switch", pointer.get(0).step());
        assertEquals("UpdateItem", pointer.get(0).operation());
        assertTrue(pointer.get(0).ok(), pointer.get(0)::toString);
        List<AwsRequestCounter.Request> failed = dynamo.stream().filter(r -> !r.ok()).toList();
        assertEquals(List.of(), failed, "a plain rollback attempts no write that cannot succeed");
        assertTrue(dynamo.size() <= ACCOUNTED_DYNAMODB_REQUESTS, () -> dynamo.size() + " DynamoDB requests, more"
                + " than the " + ACCOUNTED_DYNAMODB_REQUESTS + " accounted for: " + dynamo);
        assertTrue(dynamo.stream().noneMatch(r -> r.step().equals("-")), "every request made inside a step");
    }

    @Test
    void aRevertMovesItTwiceTheSwitchAndTheSwitchBack() {
        String wf = twoVersionsLive("wf-requests-2", VerifyFailurePolicy.REVERT);
        health.answerUnhealthy(wf, 0.5, 2000, List.of(wf + "-errors"));
        COUNTER.reset();
        RollbackRun run = rollback(wf, "revert", "v1");
        assertTrue(run.cause() != null && run.cause().contains("switched back"), run::toString);

        List<AwsRequestCounter.Request> pointer = COUNTER.requests().stream()
                .filter(AwsRequestCounter.Request::pointer).toList();
        assertEquals(2, pointer.size(), () -> "pointer-moving writes: " + pointer);
        assertTrue(pointer.stream().allMatch(r -> r.step().equals("switch") && r.ok()), pointer::toString);
    }

    /** An environment with one alarm, a zero window (one check), v1 then v2 deployed. */
    private static String twoVersionsLive(String wf, VerifyFailurePolicy policy) {
        runner.environments().create(Environment.of(EnvironmentRef.of(wf, "prod"), "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of(wf + "-errors")).build())
                .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))
                        .onVerifyFailure(policy)));
        for (String version : List.of("v1", "v2")) {
            runner.registry().publish(PublishRequest.of(WorkflowId.of(wf), VersionId.of(version),
                    SampleDefinitions.triage("^2.1.0", "prompt of " + version), "test", ""));
            RollbackRun deploy = rollback(wf, "deploy-" + version, version);
            assertTrue(deploy.succeeded(), () -> deploy.error() + ": " + deploy.cause());
        }
        return wf;
    }

    private static RollbackRun rollback(String wf, String name, String target) {
        return runner.run("{\"workflow_id\": \"" + wf + "\", \"environment\": \"prod\", \"target_version\": \""
                + target + "\", \"reason\": \"test\", \"requested_by\": \"test\"}",
                LocalRollbackRunner.RunOptions.instant().named(wf + "-" + name));
    }
}
