package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.emulators.cloudwatch.LocalCloudWatch;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.health.CloudWatchHealthProbe;
import dev.flowback.health.EnvironmentHealthProbe;
import dev.flowback.health.HttpHealthProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * GOOD is earned by evidence, through the real state machine and handlers with the production health probe
 * (EnvironmentHealthProbe over CloudWatchHealthProbe) calling DescribeAlarms on the local CloudWatch stand-in (the
 * SDK's RPC v2 CBOR, which moto does not speak). Only a switch whose configured alarm exists and was seen OK makes
 * its target GOOD, the version last-known-good goes back to; no signal, an alarm with no data yet, and a misspelt
 * alarm name (CloudWatch reports a missing alarm as OK) do not.
 */
class EarnedGoodScenarioTest {
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();
    private static final MovableClock CLOCK = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final RolloutPolicy ONE_CHECK = RolloutPolicy.of(Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(1));

    private static LocalStorage storage;
    private static LocalCloudWatch standIn;
    private static CloudWatchClient cw;
    private static LocalRollbackRunner runner;

    @BeforeAll
    static void start() {
        storage = LocalStorage.start();
        standIn = LocalCloudWatch.start(CLOCK);
        cw = CloudWatchHealthProbe.client(AwsSettings.local("test", "test", Map.of("cloudwatch",
                standIn.endpoint())));
        EnvironmentHealthProbe probe = new EnvironmentHealthProbe(new CloudWatchHealthProbe(cw, CLOCK),
                new HttpHealthProbe(HttpHealthProbe.DEFAULT_TIMEOUT, CLOCK), CLOCK);
        LocalRollbackRunner.Config defaults = LocalRollbackRunner.Config.of(storage.settings(), LocalStorage.TABLE,
                LocalStorage.BUCKET, probe);
        runner = LocalRollbackRunner.start(new LocalRollbackRunner.Config(defaults.aws(), defaults.table(),
                defaults.bucket(), probe, defaults.stateMachine(), defaults.lockLease(), CLOCK, StepLog.discard()));
    }

    @AfterAll
    static void stop() {
        runner.close();
        cw.close();
        standIn.close();
        storage.close();
    }

    /** v1 deployed through the state machine to a new prod environment judged by {@code health}. */
    private static Deployed deployV1(String what, HealthSignals health) {
        String wf = "wf-earned-" + WORKFLOWS.incrementAndGet();
        EnvironmentRef ref = EnvironmentRef.of(wf, "prod");
        runner.environments().create(Environment.of(ref, "flowback-engine", "2.4.1").withRollout(ONE_CHECK)
                .withHealth(health));
        runner.registry().publish(PublishRequest.of(WorkflowId.of(wf), VersionId.of("v1"),
                SampleDefinitions.triage("^2.1.0", "prompt of v1 in " + wf), "scenario", ""));
        String name = ChainFixture.executionName(what);
        RollbackRun run = runner.run(ChainFixture.rollbackInput(name, wf, "v1"),
                LocalRollbackRunner.RunOptions.instant().named(name));
        return new Deployed(ref, run, runner.stores().journal().find(ref, ChainFixture.executionId(name))
                .orElseThrow(), runner.registry().get(ref.workflow(), VersionId.of("v1")).status());
    }

    /** What deploying v1 left: the run, its rollback record, and v1's status. */
    private record Deployed(EnvironmentRef ref, RollbackRun run, RollbackRecord record, VersionStatus v1) {
    }

    private static HealthSignals alarms(String name) {
        return HealthSignals.builder().alarms(List.of(name)).build();
    }

    /** An alarm on the stand-in, set to {@code state} (new alarms start INSUFFICIENT_DATA, as in CloudWatch). */
    private static void alarm(String name, StateValue state) {
        cw.putMetricAlarm(b -> b.alarmName(name).namespace("Flowback/Engine").metricName("Errors").statistic("Sum")
                .period(60).evaluationPeriods(1).threshold(10.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        if (state != StateValue.INSUFFICIENT_DATA) {
            cw.setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason("set by the scenario"));
        }
    }

    /** What {@code last-known-good} names now (nothing considered live). */
    private static VersionRecord lastKnownGood(EnvironmentRef ref) {
        return runner.registry().resolve(ref.workflow(), VersionRef.parse("target_version",
                VersionRef.LAST_KNOWN_GOOD), Optional.empty());
    }

    @Test
    void anExistingAlarmSeenOkAfterTheSwitchMakesTheTargetGood() {
        alarm("earned-errors-ok", StateValue.OK);

        Deployed d = deployV1("earned-ok", alarms("earned-errors-ok"));

        assertTrue(d.run().succeeded(), () -> d.run().error() + ": " + d.run().cause());
        assertEquals(RollbackStatus.SUCCEEDED, d.record().status());
        assertEquals(VersionStatus.GOOD, d.v1(), "evidence: a configured alarm, existing, OK");
        assertEquals(VersionId.of("v1"), lastKnownGood(d.ref()).versionId());
    }

    @Test
    void aSwitchWithNoHealthSignalSucceedsUnverifiedAndIsNotGood() {
        Deployed d = deployV1("earned-none", HealthSignals.none());

        assertTrue(d.run().succeeded(), () -> d.run().error() + ": " + d.run().cause());
        assertEquals("UNVERIFIED", d.run().output().path("status").asText(), d.run().output().toString());
        assertTrue(d.run().output().path("message").asText().contains("no health signal is configured"),
                d.run().output().path("message").asText());
        assertEquals(RollbackStatus.UNVERIFIED, d.record().status());
        assertEquals(VersionStatus.CANDIDATE, d.v1(), "live, but never anyone's last-known-good");
        EnvironmentState read = runner.environments().get(d.ref());
        assertEquals(VersionId.of("v1"), read.pointer().activeVersion());
        assertTrue(read.environment().health().verificationNotice().orElseThrow()
                .contains("no health signal is configured"), "reading the environment says so");
        NotFoundException none = assertThrows(NotFoundException.class, () -> lastKnownGood(d.ref()));
        assertTrue(none.getMessage().contains("no GOOD version"), none.getMessage());
    }

    @Test
    void anAlarmWithNoDataYetIsNoEvidenceEither() {
        alarm("earned-errors-quiet", StateValue.INSUFFICIENT_DATA);

        Deployed d = deployV1("earned-quiet", alarms("earned-errors-quiet"));

        assertTrue(d.run().succeeded(), () -> d.run().error() + ": " + d.run().cause());
        assertEquals(RollbackStatus.UNVERIFIED, d.record().status(), "INSUFFICIENT_DATA passes but proves nothing");
        assertTrue(d.record().health().contains("INSUFFICIENT_DATA"), d.record().health());
        assertEquals(VersionStatus.CANDIDATE, d.v1());
    }

    @Test
    void aMisspeltAlarmNameFailsVerificationInsteadOfPassingAsOk() {
        alarm("earned-errors", StateValue.OK);

        Deployed d = deployV1("earned-typo", alarms("earned-erors"));

        assertFalse(d.run().succeeded(), "a configured alarm that does not exist fails verification");
        assertEquals(RollbackOutcome.UNHEALTHY, d.run().error());
        assertEquals(RollbackStatus.HELD, d.record().status());
        assertTrue(d.record().health().contains("not found: earned-erors"), d.record().health());
        assertEquals(VersionStatus.BAD, d.v1(), "the default policy holds the target and marks it BAD");
    }
}
