package dev.flowback.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.health.HealthRules.AlarmObservation;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.health.CloudWatchHealthProbe.Readings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The probe's reading of CloudWatch answers, on SDK model objects built as CloudWatch would return them, and the
 * request it sends, inspected as built; its calls themselves go to the local CloudWatch stand-in in
 * CloudWatchHealthProbeOnStandInTest. The thresholds and timing rules are core rules (HealthRules), tested in core.
 */
class CloudWatchHealthProbeTest {
    private static final MetricIdentity METRICS = new MetricIdentity("Flowback/Engine",
            Map.of("Workflow", "wf-abc123", "Environment", "prod"), "Requests", "Errors", "LatencyMs");
    private static final Instant SWITCHED = Instant.parse("2026-11-26T10:00:05Z");

    @Test
    void alarmsAreMatchedByNameAcrossMetricAndCompositeAlarmsWithTheTimeTheirStateBegan() {
        Instant fired = Instant.parse("2026-11-26T09:57:00Z");
        Instant quiet = Instant.parse("2026-11-26T08:00:00Z");
        DescribeAlarmsResponse response = DescribeAlarmsResponse.builder()
                .metricAlarms(MetricAlarm.builder().alarmName("wf-errors").stateValue(StateValue.ALARM)
                                .stateTransitionedTimestamp(fired)
                                .stateUpdatedTimestamp(Instant.parse("2026-11-26T10:01:00Z")).build(),
                        MetricAlarm.builder().alarmName("wf-latency").stateValue(StateValue.INSUFFICIENT_DATA)
                                .stateUpdatedTimestamp(quiet).build())
                .compositeAlarms(CompositeAlarm.builder().alarmName("wf-overall").stateValue(StateValue.OK)
                        .stateTransitionedTimestamp(quiet).build())
                .build();
        List<AlarmObservation> observed = CloudWatchHealthProbe.alarmObservations(
                List.of("wf-errors", "wf-latency", "wf-overall", "wf-typo"), response);

        assertEquals(List.of(new AlarmObservation("wf-errors", "ALARM", fired),
                new AlarmObservation("wf-latency", "INSUFFICIENT_DATA", quiet),
                new AlarmObservation("wf-overall", "OK", quiet), new AlarmObservation("wf-typo", null, null)), observed,
                "the state-value change time wins over StateUpdatedTimestamp, which an evaluation-state change moves");
        HealthFinding known = HealthRules.alarms(List.of("wf-errors", "wf-latency", "wf-overall"),
                observed.subList(0, 3), SWITCHED);
        assertTrue(known.healthy(), "wf-errors fired before the switch: pending, " + known.detail());
        assertTrue(known.detail().contains("pending: wf-errors"), known.detail());
        // A configured alarm CloudWatch does not know (a typo, a deleted alarm) watches nothing: it fails the check.
        HealthFinding withTypo = HealthRules.alarms(List.of("wf-errors", "wf-latency", "wf-overall", "wf-typo"),
                observed, SWITCHED);
        assertFalse(withTypo.healthy(), withTypo.detail());
        assertTrue(withTypo.detail().contains("not found: wf-typo"), withTypo.detail());
    }

    @Test
    void anAlarmThatEnteredAlarmAfterTheSwitchFailsWhereTheSameStateBeforeItIsPending() {
        DescribeAlarmsResponse after = DescribeAlarmsResponse.builder().metricAlarms(MetricAlarm.builder()
                .alarmName("wf-errors").stateValue(StateValue.ALARM)
                .stateUpdatedTimestamp(SWITCHED.plusSeconds(75)).build()).build();
        List<AlarmObservation> observed = CloudWatchHealthProbe.alarmObservations(List.of("wf-errors"), after);
        assertEquals(SWITCHED.plusSeconds(75), observed.get(0).stateChangedAt(),
                "without StateTransitionedTimestamp the update time stands in");
        assertFalse(HealthRules.alarms(List.of("wf-errors"), observed, SWITCHED).healthy());
        assertEquals(List.of(), HealthRules.pendingAlarms(observed, SWITCHED));
    }

    @Test
    void theMetricSpanStartsAtTheFirstWholeMinuteAfterTheSwitch() {
        assertEquals(Optional.empty(), CloudWatchHealthProbe.metricSpan(SWITCHED, SWITCHED.plusSeconds(3)),
                "three seconds after the switch no whole minute of the target's traffic has begun");
        Instant minuteAfter = Instant.parse("2026-11-26T10:01:00Z");
        assertEquals(Optional.empty(), CloudWatchHealthProbe.metricSpan(SWITCHED, minuteAfter));
        assertEquals(Optional.of(minuteAfter), CloudWatchHealthProbe.metricSpan(SWITCHED, minuteAfter.plusSeconds(1)));
        assertEquals(Optional.of(minuteAfter), CloudWatchHealthProbe.metricSpan(SWITCHED,
                Instant.parse("2026-11-26T10:05:30Z")));
        Instant onTheMinute = Instant.parse("2026-11-26T10:00:00Z");
        assertEquals(Optional.of(onTheMinute), CloudWatchHealthProbe.metricSpan(onTheMinute,
                onTheMinute.plusSeconds(10)), "a switch on the minute's first instant owns that minute");
    }

    @Test
    void longAfterTheSwitchTheSpanIsTheLastFiveMinutes() {
        Instant now = Instant.parse("2026-11-26T10:30:00Z");
        assertEquals(Optional.of(now.minus(CloudWatchHealthProbe.LOOK_BACK)),
                CloudWatchHealthProbe.metricSpan(SWITCHED, now));
    }

    @Test
    void metricRequestAsksForOneMinuteSumsAndP99FromTheSpanStartWithTheDimensions() {
        Instant start = Instant.parse("2026-11-26T10:01:00Z");
        Instant now = Instant.parse("2026-11-26T10:03:20Z");
        GetMetricDataRequest request = CloudWatchHealthProbe.metricRequest(METRICS, start, now);

        assertEquals(start, request.startTime());
        assertEquals(now, request.endTime());
        assertEquals(List.of("requests", "errors", "p99"),
                request.metricDataQueries().stream().map(MetricDataQuery::id).toList());
        assertEquals(List.of("Sum", "Sum", "p99"),
                request.metricDataQueries().stream().map(q -> q.metricStat().stat()).toList());
        assertEquals(List.of(60, 60, 60),
                request.metricDataQueries().stream().map(q -> q.metricStat().period()).toList());
        MetricDataQuery latency = request.metricDataQueries().get(2);
        assertEquals("LatencyMs", latency.metricStat().metric().metricName());
        assertEquals("Flowback/Engine", latency.metricStat().metric().namespace());
        assertEquals(Map.of("Workflow", "wf-abc123", "Environment", "prod"), latency.metricStat().metric().dimensions()
                .stream().collect(java.util.stream.Collectors.toMap(d -> d.name(), d -> d.value())));
    }

    @Test
    void readingsSumCountsTakeTheWorstMinutesP99AndLeaveEmptySeriesOut() {
        GetMetricDataResponse response = GetMetricDataResponse.builder().metricDataResults(
                MetricDataResult.builder().id("requests").values(700.0, 500.0).build(),
                MetricDataResult.builder().id("errors").values(50.0, 34.0).build(),
                MetricDataResult.builder().id("p99").values(List.of()).build()).build();
        Readings values = CloudWatchHealthProbe.readings(response);

        assertEquals(1200.0, values.requests());
        assertEquals(84.0, values.errors());
        assertNull(values.p99());
        assertEquals(2, values.minutes());
        HealthFinding rate = HealthRules.errorRate(values.requests(), values.errors(), 0.05, "since the switch");
        assertFalse(rate.healthy(), "84 / 1200 = 7 % is above 5 %");
        assertTrue(HealthRules.p99(values.p99(), 1000).healthy(), "no latency data is no evidence of harm");

        Readings latency = CloudWatchHealthProbe.readings(GetMetricDataResponse.builder().metricDataResults(
                MetricDataResult.builder().id("p99").values(640.0, 1310.0, 580.0).build()).build());
        assertEquals(1310.0, latency.p99(), "one slow minute is not averaged away");
    }

    @Test
    void theFindingsSayWhenThereIsNoPostSwitchDataYet() {
        String early = CloudWatchHealthProbe.describe(SWITCHED, Optional.empty(), SWITCHED.plusSeconds(3),
                Readings.NONE);
        HealthFinding rate = HealthRules.errorRate(null, null, 0.05, early);
        assertTrue(rate.healthy());
        assertEquals("no requests since the switch at 2026-11-26T10:00:05Z yet (its first whole minute has not"
                + " begun): missing data is not evidence of harm (threshold 5.0 %)", rate.detail());

        Instant start = Instant.parse("2026-11-26T10:01:00Z");
        String measured = CloudWatchHealthProbe.describe(SWITCHED, Optional.of(start), start.plusSeconds(130),
                new Readings(900.0, 9.0, 420.0, 3));
        assertEquals("1.0 % <= 5.0 % since the switch at 2026-11-26T10:00:05Z (3 minute(s) of data from"
                + " 2026-11-26T10:01:00Z)", HealthRules.errorRate(900.0, 9.0, 0.05, measured).detail());
    }

    @Test
    void aReportKeepsPendingAlarmsApartFromTheFiguresInAlarm() {
        List<AlarmObservation> observed = List.of(new AlarmObservation("wf-errors", "ALARM",
                SWITCHED.minusSeconds(200)));
        HealthReport report = HealthReport.of(SWITCHED.plusSeconds(3),
                List.of(HealthRules.alarms(List.of("wf-errors"), observed, SWITCHED)), null, null,
                HealthRules.inAlarm(observed), HealthRules.pendingAlarms(observed, SWITCHED), null);
        assertTrue(report.healthy());
        assertEquals(List.of("wf-errors"), report.alarmsInAlarm());
        assertEquals(List.of("wf-errors"), report.alarmsPending());
    }
}
