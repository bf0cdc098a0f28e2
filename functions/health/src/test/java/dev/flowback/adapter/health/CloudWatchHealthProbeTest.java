package dev.flowback.adapter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.rollback.HealthFinding;
import dev.flowback.core.rollback.HealthRules;
import dev.flowback.core.rollback.HealthRules.AlarmObservation;
import dev.flowback.core.rollback.MetricIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * There is no CloudWatch emulator here, and no mock either: the probe's reading of CloudWatch answers is tested on
 * SDK model objects built as CloudWatch would return them, and the request it sends is inspected as built. The
 * thresholds themselves are core rules (HealthRules), tested in core.
 */
class CloudWatchHealthProbeTest {
    private static final MetricIdentity METRICS = new MetricIdentity("Flowback/Engine",
            Map.of("Workflow", "wf-abc123", "Environment", "prod"), "Requests", "Errors", "LatencyMs");

    @Test
    void alarmsAreMatchedByNameAcrossMetricAndCompositeAlarms() {
        DescribeAlarmsResponse response = DescribeAlarmsResponse.builder()
                .metricAlarms(MetricAlarm.builder().alarmName("wf-errors").stateValue(StateValue.ALARM).build(),
                        MetricAlarm.builder().alarmName("wf-latency").stateValue(StateValue.INSUFFICIENT_DATA).build())
                .compositeAlarms(CompositeAlarm.builder().alarmName("wf-overall").stateValue(StateValue.OK).build())
                .build();
        List<AlarmObservation> observed = CloudWatchHealthProbe.alarmObservations(
                List.of("wf-errors", "wf-latency", "wf-overall", "wf-typo"), response);

        assertEquals(List.of(new AlarmObservation("wf-errors", "ALARM"),
                new AlarmObservation("wf-latency", "INSUFFICIENT_DATA"), new AlarmObservation("wf-overall", "OK"),
                new AlarmObservation("wf-typo", null)), observed);
        HealthFinding finding = HealthRules.alarms(List.of("wf-errors", "wf-latency", "wf-overall", "wf-typo"),
                observed);
        assertFalse(finding.healthy());
        assertTrue(finding.detail().contains("wf-errors in ALARM"), finding.detail());
        assertTrue(finding.detail().contains("not found: wf-typo"), finding.detail());
    }

    @Test
    void metricRequestAsksForSumsAndP99OverTheLastPeriodWithTheDimensions() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        GetMetricDataRequest request = CloudWatchHealthProbe.metricRequest(METRICS, now);

        assertEquals(now.minus(CloudWatchHealthProbe.PERIOD), request.startTime());
        assertEquals(now, request.endTime());
        assertEquals(List.of("requests", "errors", "p99"),
                request.metricDataQueries().stream().map(MetricDataQuery::id).toList());
        assertEquals(List.of("Sum", "Sum", "p99"),
                request.metricDataQueries().stream().map(q -> q.metricStat().stat()).toList());
        MetricDataQuery latency = request.metricDataQueries().get(2);
        assertEquals("LatencyMs", latency.metricStat().metric().metricName());
        assertEquals("Flowback/Engine", latency.metricStat().metric().namespace());
        assertEquals(Map.of("Workflow", "wf-abc123", "Environment", "prod"), latency.metricStat().metric().dimensions()
                .stream().collect(java.util.stream.Collectors.toMap(d -> d.name(), d -> d.value())));
    }

    @Test
    void readingsTakeTheNewestValueAndLeaveEmptySeriesOut() {
        GetMetricDataResponse response = GetMetricDataResponse.builder().metricDataResults(
                MetricDataResult.builder().id("requests").values(1200.0, 900.0).build(),
                MetricDataResult.builder().id("errors").values(84.0).build(),
                MetricDataResult.builder().id("p99").values(List.of()).build()).build();
        Map<String, Double> values = CloudWatchHealthProbe.readings(response);

        assertEquals(1200.0, values.get("requests"));
        assertEquals(84.0, values.get("errors"));
        assertNull(values.get("p99"));
        HealthFinding rate = HealthRules.errorRate(values.get("requests"), values.get("errors"), 0.05);
        assertFalse(rate.healthy(), "84 / 1200 = 7 % is above 5 %");
        assertTrue(HealthRules.p99(values.get("p99"), 1000).healthy(), "no latency data is no evidence of harm");
    }
}
