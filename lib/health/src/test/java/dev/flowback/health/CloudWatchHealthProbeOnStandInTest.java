package dev.flowback.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.emulators.cloudwatch.LocalCloudWatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The production probe's DescribeAlarms and GetMetricData calls against the local CloudWatch stand-in (the SDK's
 * RPC v2 CBOR protocol; moto does not speak it): the client built by {@link CloudWatchHealthProbe#client}, alarms
 * set through the API with the stand-in's clock, metrics put through the API and read back per minute.
 */
class CloudWatchHealthProbeOnStandInTest {
    private static final EnvironmentRef REF = EnvironmentRef.of("wf-abc123", "prod");
    private static final Instant SWITCHED = Instant.parse("2026-11-26T10:00:05Z");
    private static final Map<String, String> DIMENSIONS = Map.of("Workflow", "wf-abc123", "Environment", "prod");

    private static MovableClock clock;
    private static LocalCloudWatch standIn;
    private static CloudWatchClient cw;
    private static CloudWatchHealthProbe probe;

    @BeforeAll
    static void start() {
        clock = new MovableClock(Instant.parse("2026-11-26T09:58:00Z"));
        standIn = LocalCloudWatch.start(clock);
        cw = CloudWatchHealthProbe.client(AwsSettings.local("test", "test", Map.of("cloudwatch",
                standIn.endpoint())));
        probe = new CloudWatchHealthProbe(cw, clock);
    }

    @AfterAll
    static void stop() {
        cw.close();
        standIn.close();
    }

    private static void alarm(String name) {
        cw.putMetricAlarm(b -> b.alarmName(name).namespace("Flowback/Engine").metricName("Errors").statistic("Sum")
                .period(60).evaluationPeriods(1).threshold(10.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }

    private static void state(String name, StateValue value) {
        cw.setAlarmState(b -> b.alarmName(name).stateValue(value).stateReason("set by the test"));
    }

    private static MetricDatum datum(String metric, Instant at, double value) {
        return MetricDatum.builder().metricName(metric).timestamp(at).value(value).unit(StandardUnit.COUNT)
                .dimensions(DIMENSIONS.entrySet().stream().map(d -> Dimension.builder().name(d.getKey())
                        .value(d.getValue()).build()).toList()).build();
    }

    @Test
    void alarmsAreJudgedByWhenTheirStateBeganAndAMissingAlarmIsNamed() {
        clock.set(Instant.parse("2026-11-26T09:58:00Z"));
        alarm("sa-errors");
        alarm("sa-latency");
        cw.putCompositeAlarm(b -> b.alarmName("sa-overall").alarmRule("ALARM(\"sa-errors\")"));
        state("sa-errors", StateValue.ALARM);
        state("sa-latency", StateValue.OK);
        clock.set(SWITCHED.plusSeconds(50));
        HealthSignals quietAfter = HealthSignals.builder().alarms(List.of("sa-errors", "sa-latency", "sa-overall"))
                .build();
        HealthReport before = probe.check(new HealthQuery(REF, quietAfter, SWITCHED));
        assertTrue(before.healthy(), "in ALARM since before the switch: pending, " + before.summary());
        assertEquals(List.of("sa-errors"), before.alarmsPending());

        // A misspelt name: DescribeAlarms simply leaves it out, as CloudWatch does; verification must not pass.
        HealthReport typo = probe.check(new HealthQuery(REF, HealthSignals.builder().alarms(List.of("sa-latency",
                "sa-typo")).build(), SWITCHED));
        assertFalse(typo.healthy(), typo.summary());
        assertTrue(typo.findings().get(0).detail().contains("not found: sa-typo"), typo.summary());

        state("sa-overall", StateValue.ALARM);
        HealthReport after = probe.check(new HealthQuery(REF, quietAfter, SWITCHED));
        assertFalse(after.healthy(), "a composite alarm that entered ALARM after the switch: " + after.summary());
        assertEquals(List.of("sa-errors", "sa-overall"), after.alarmsInAlarm());
    }

    @Test
    void requestsErrorsAndTheWorstMinutesP99AreReadFromTheMinutesAfterTheSwitch() {
        clock.set(Instant.parse("2026-11-26T10:03:20Z"));
        cw.putMetricData(b -> b.namespace("Flowback/Engine").metricData(
                datum("Requests", Instant.parse("2026-11-26T10:00:01Z"), 9999),
                datum("Errors", Instant.parse("2026-11-26T10:00:01Z"), 9999),
                datum("Requests", Instant.parse("2026-11-26T10:01:10Z"), 700),
                datum("Requests", Instant.parse("2026-11-26T10:02:10Z"), 500),
                datum("Errors", Instant.parse("2026-11-26T10:01:20Z"), 50),
                datum("Errors", Instant.parse("2026-11-26T10:02:20Z"), 34),
                MetricDatum.builder().metricName("LatencyMs").timestamp(Instant.parse("2026-11-26T10:01:30Z"))
                        .values(200.0, 640.0).counts(99.0, 1.0).unit(StandardUnit.MILLISECONDS)
                        .dimensions(datum("x", SWITCHED, 0).dimensions()).build(),
                MetricDatum.builder().metricName("LatencyMs").timestamp(Instant.parse("2026-11-26T10:02:30Z"))
                        .values(300.0, 1310.0).counts(95.0, 5.0).unit(StandardUnit.MILLISECONDS)
                        .dimensions(datum("x", SWITCHED, 0).dimensions()).build()));
        HealthSignals metrics = HealthSignals.builder().metrics(new MetricIdentity("Flowback/Engine", DIMENSIONS,
                "Requests", "Errors", "LatencyMs")).build();
        HealthReport report = probe.check(new HealthQuery(REF, metrics, SWITCHED));

        assertEquals(84.0 / 1200.0, report.errorRate(), 1e-12, "the switch's own minute (10:00) is left out");
        assertEquals(1310.0, report.p99Millis(), "the worst minute's p99");
        assertFalse(report.healthy());
        HealthFinding rate = report.findings().get(0);
        assertTrue(rate.detail().contains("2 minute(s) of data from 2026-11-26T10:01:00Z"), rate.detail());

        HealthReport none = probe.check(new HealthQuery(EnvironmentRef.of("wf-abc123", "staging"),
                HealthSignals.builder().metrics(new MetricIdentity("Flowback/Engine", Map.of("Environment",
                        "staging"), "Requests", "Errors", "LatencyMs")).build(), SWITCHED));
        assertTrue(none.healthy(), "no data for that identity: no evidence of harm, " + none.summary());
        assertNull(none.p99Millis());
    }
}
