package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.emulators.Polling;
import dev.flowback.emulators.cloudwatch.AlarmTransition;
import dev.flowback.emulators.cloudwatch.LocalCloudWatch;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.function.trigger.AlarmTriggerHandler;
import dev.flowback.health.CloudWatchHealthProbe;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The local stack the alarm scenarios run on: storage (S3Proxy, dynalite), the real state machine over the real
 * handlers (LocalRollbackRunner), the local CloudWatch stand-in whose alarm state changes are delivered to the real
 * trigger handler by the path a scenario picks, all on one movable clock. The trigger starts executions as in AWS,
 * with StartExecution on the local Step Functions API ({@link #executions}).
 */
final class AlarmStack implements AutoCloseable {
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:flowback-alarms";
    static final String TRIGGER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:trigger";
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static final AtomicInteger MANUAL = new AtomicInteger();
    private static final Duration EXECUTION_DEADLINE = Duration.ofSeconds(60);

    /** How a state change reaches the trigger. */
    enum Path { LAMBDA_ACTION, EVENTBRIDGE, SNS }

    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final LocalStorage storage;
    final ScriptedHealthProbe health;
    final LocalRollbackRunner runner;
    final LocalCloudWatch cloudWatch;
    final CloudWatchClient cw;
    final SfnClient sfn;
    final StartedExecutions executions;
    final InMemoryPorts.Announcements announcements = new InMemoryPorts.Announcements();
    final AlarmTriggerHandler trigger;
    final FlowbackStores stores;
    /** Every alarm state change the stand-in made, in order: what its actions would deliver. */
    final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();

    AlarmStack() {
        storage = LocalStorage.start();
        health = new ScriptedHealthProbe(clock);
        LocalRollbackRunner.Config defaults = LocalRollbackRunner.Config.of(storage.settings(), LocalStorage.TABLE,
                LocalStorage.BUCKET, health);
        runner = LocalRollbackRunner.start(new LocalRollbackRunner.Config(defaults.aws(), defaults.table(),
                defaults.bucket(), health, defaults.stateMachine(), defaults.lockLease(), clock, StepLog.discard()));
        cloudWatch = LocalCloudWatch.start(clock);
        cloudWatch.onTransition(transitions::add);
        cw = CloudWatchHealthProbe.client(AwsSettings.local("test", "test",
                Map.of("cloudwatch", cloudWatch.endpoint())));
        FunctionWiring wiring = FunctionWiring.of(storage.settings(), new FunctionConfig(LocalStorage.TABLE,
                LocalStorage.BUCKET, FunctionConfig.DEFAULT_LOCK_LEASE), clock, StepLog.discard());
        stores = wiring.stores();
        sfn = SfnRollbackExecutions.client(runner.awsSettings());
        executions = new StartedExecutions();
        trigger = new AlarmTriggerHandler(wiring, announcements, executions);
    }

    @Override
    public void close() {
        cw.close();
        sfn.close();
        cloudWatch.close();
        runner.close();
        storage.close();
    }

    /**
     * A workflow with v1..v6 published, v1 then v2 deployed (both GOOD, so v1 is last-known-good), and
     * a CloudWatch alarm, its actions pointing at the trigger, mapped to its prod environment.
     */
    Scenario scenario(RolloutPolicy rollout) {
        String wf = "wf-alarm-" + WORKFLOWS.incrementAndGet();
        String alarm = wf + "-latency";
        EnvironmentRef ref = EnvironmentRef.of(wf, "prod");
        // A health signal is configured, so a verified switch is evidence and marks its target GOOD.
        runner.environments().create(Environment.of(ref, "flowback-engine", "2.4.1").withRollout(rollout)
                .withHealth(HealthSignals.builder().alarms(List.of(alarm)).build()));
        for (String v : List.of("v1", "v2", "v3", "v4", "v5", "v6")) {
            runner.registry().publish(PublishRequest.of(WorkflowId.of(wf), VersionId.of(v),
                    SampleDefinitions.triage("^2.1.0", "prompt of " + v + " in " + wf), "scenario", ""));
        }
        Scenario s = new Scenario(ref, alarm);
        // What deploying v1 then v2 leaves, written directly (two state machine runs per scenario saved): v1 GOOD,
        // v2 live since a minute ago, switched by no automatic rollback.
        stores.registry().markStatus(ref.workflow(), VersionId.of("v1"), VersionStatus.GOOD);
        stores.registry().markStatus(ref.workflow(), VersionId.of("v2"), VersionStatus.GOOD);
        VersionRecord v2 = stores.registry().get(ref.workflow(), VersionId.of("v2"));
        Instant at = clock.instant();
        long token = stores.environments().acquireLock(ref, "setup", at, at.plusSeconds(60)).token();
        stores.environments().switchPointer(new PointerSwitch(ref, "setup", token, "setup-deploy", null,
                v2.versionId(), v2.sha256(), at, at.plusSeconds(60)));
        stores.environments().releaseLock(ref, "setup");
        cw.putMetricAlarm(b -> b.alarmName(alarm).namespace("Flowback/Engine").metricName("LatencyMs")
                .dimensions(Dimension.builder().name("Workflow").value(wf).build()).statistic("Average").period(60)
                .evaluationPeriods(1).threshold(250.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .alarmActions(TRIGGER_ARN, TOPIC).okActions(TRIGGER_ARN)
                .insufficientDataActions(TRIGGER_ARN));
        controls().map(AlarmMapping.of(alarm, ref, clock.instant(), "scenario"));
        clock.advance(Duration.ofMinutes(1));
        return s;
    }

    static RolloutPolicy quick() {
        return RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
    }

    AutomationControls controls() {
        return new AutomationControls(stores.alarmMappings(), stores.environments(), stores.registry(),
                stores.holds(), stores.automation(), stores.triggerDecisions(), clock);
    }

    /** Delivers a state change to the trigger by {@code path}, as the Lambda service would invoke it. */
    String deliver(AlarmTransition t, Path path) {
        String payload = switch (path) {
            case LAMBDA_ACTION -> t.lambdaActionEvent();
            case EVENTBRIDGE -> t.eventBridgeEvent();
            case SNS -> AlarmTransition.snsLambdaEvent(TOPIC, "sns-" + System.nanoTime(), t.snsSubject(),
                    t.snsMessage(), clock.instant());
        };
        return new String(trigger.invoke(payload.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime()),
                StandardCharsets.UTF_8);
    }

    /** Sets the alarm's state through the CloudWatch API and returns the transition it made, if it made one. */
    AlarmTransition setAlarm(String alarm, StateValue state, String reason) {
        int before = transitions.size();
        cw.setAlarmState(b -> b.alarmName(alarm).stateValue(state).stateReason(reason));
        return transitions.size() > before ? transitions.get(transitions.size() - 1) : null;
    }

    /** One workflow's environment and alarm. */
    final class Scenario {
        final EnvironmentRef ref;
        final String alarm;

        Scenario(EnvironmentRef ref, String alarm) {
            this.ref = ref;
            this.alarm = alarm;
        }

        /** A person deploys {@code version} through the state machine; it must succeed. */
        RollbackRun deploy(String version) {
            String name = "deploy-" + version + "-" + MANUAL.incrementAndGet();
            RollbackRun run = runner.run(ChainFixture.rollbackInput(name, ref.workflow().value(), version),
                    LocalRollbackRunner.RunOptions.instant().named(name));
            if (!run.succeeded()) {
                throw new AssertionError("deploying " + version + " failed: " + run.error() + " " + run.cause());
            }
            return run;
        }

        /** The alarm crosses its threshold (set through the API): the transition into ALARM it made. */
        AlarmTransition breach() {
            return setAlarm(alarm, StateValue.ALARM, "Threshold Crossed: 1 datapoint [400.0 (01/12/26 10:00:00)]"
                    + " was greater than the threshold (250.0).");
        }

        VersionId live() {
            return stores.environments().get(ref).pointer().activeVersion();
        }

        List<TriggerDecision> decisions() {
            return controls().decisions(ref, 200);
        }
    }

    /**
     * The trigger's executions: started as in AWS, by {@link SfnRollbackExecutions} with StartExecution on the local
     * Step Functions API (real executions of rollback.asl.json; AWS's name-reuse rules). A new start is waited for
     * until its execution ends (DescribeExecution, polled with a deadline), so each scenario step sees what the
     * rollback left; the clock moves a little first, as a real start takes a moment to reach the switch.
     */
    final class StartedExecutions implements RollbackExecutions {
        /** Every execution a start began, by execution name, as DescribeExecution reads it once it ended. */
        final Map<String, EndedExecution> runs = new ConcurrentHashMap<>();
        private final SfnRollbackExecutions sfnExecutions = new SfnRollbackExecutions(sfn,
                StateMachineConfig.from(Map.of(StateMachineConfig.STATE_MACHINE_ARN, runner.stateMachineArn())));

        @Override
        public synchronized StartedRollback start(String executionName, RollbackRequest request) {
            clock.advance(Duration.ofSeconds(2));
            StartedRollback started = sfnExecutions.start(executionName, request);
            if (!started.alreadyStarted()) {
                runs.put(executionName, new EndedExecution(awaitEnd(started.executionArn())));
            }
            return started;
        }

        private DescribeExecutionResponse awaitEnd(String executionArn) {
            return Polling.await(() -> Optional.of(sfn.describeExecution(b -> b.executionArn(executionArn)))
                    .filter(e -> e.status() != ExecutionStatus.RUNNING), EXECUTION_DEADLINE, executionArn + " ended");
        }
    }

    /** An execution as DescribeExecution gives it once it ended. */
    record EndedExecution(DescribeExecutionResponse execution) {
        boolean succeeded() {
            return execution.status() == ExecutionStatus.SUCCEEDED;
        }

        String error() {
            return execution.error();
        }

        String cause() {
            return execution.cause();
        }

        JsonNode output() {
            try {
                return PayloadJson.MAPPER.readTree(execution.output() == null ? "null" : execution.output());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + execution.output(), e);
            }
        }
    }
}
