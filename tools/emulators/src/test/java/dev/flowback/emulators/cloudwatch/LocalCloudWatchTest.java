package dev.flowback.emulators.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidFormatException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The CloudWatch stand-in with the real SDK 2.57.8 CloudWatch client (Smithy RPC v2 CBOR, url-connection), against
 * CloudWatch's documented semantics: statistics per period, StartTime rounding and exclusive EndTime, new alarms in
 * INSUFFICIENT_DATA, updates keeping state, DescribeAlarms filters and paging, SetAlarmState's rules, the errors the
 * SDK maps to its exception classes, and an alarm evaluated from its metric into the reason CloudWatch writes.
 */
class LocalCloudWatchTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MovableClock clock;
    private static LocalCloudWatch standIn;
    private static CloudWatchClient cw;
    private static final List<AlarmTransition> TRANSITIONS = new CopyOnWriteArrayList<>();
    private static int metricNames;

    @BeforeAll
    static void start() {
        clock = new MovableClock(T0);
        standIn = LocalCloudWatch.start(clock);
        standIn.onTransition(TRANSITIONS::add);
        cw = CloudWatchClient.builder()
                .endpointOverride(standIn.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    @AfterAll
    static void stop() {
        cw.close();
        standIn.close();
    }

    /** Each test its own metric, so data never mixes. */
    private static String metric() {
        return "Latency" + ++metricNames;
    }

    private static MetricDatum datum(String name, Instant at, double value) {
        return MetricDatum.builder().metricName(name).timestamp(at).value(value).unit(StandardUnit.MILLISECONDS)
                .dimensions(Dimension.builder().name("Service").value("orders").build()).build();
    }

    private static MetricDataQuery query(String id, String name, String stat, int period) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.stat(stat).period(period).metric(m -> m
                .namespace("Flowback/Test").metricName(name)
                .dimensions(Dimension.builder().name("Service").value("orders").build()))).build();
    }

    @Test
    void statisticsArePerEpochAlignedPeriodNewestFirstFromTheRoundedStartToTheExclusiveEnd() {
        String name = metric();
        Instant minute = Instant.parse("2026-11-26T09:50:00Z");
        cw.putMetricData(b -> b.namespace("Flowback/Test").metricData(
                datum(name, minute.plusSeconds(5), 100), datum(name, minute.plusSeconds(40), 300),
                datum(name, minute.plusSeconds(65), 50), datum(name, minute.plusSeconds(125), 999)));
        // 12 and 35 seconds past the minute: the start rounds down to 09:50:00, the end (09:52:00) excludes 999.
        GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(minute.plusSeconds(12))
                .endTime(minute.plusSeconds(120)).metricDataQueries(query("avg", name, "Average", 60),
                        query("sum", name, "Sum", 60), query("max", name, "Maximum", 60),
                        query("n", name, "SampleCount", 60), query("pct", name, "p50", 60)));
        assertEquals(List.of(minute.plusSeconds(60), minute), r.metricDataResults().get(0).timestamps(),
                "newest first by default; only periods with data");
        assertEquals(List.of(50.0, 200.0), values(r, "avg"));
        assertEquals(List.of(50.0, 400.0), values(r, "sum"));
        assertEquals(List.of(50.0, 300.0), values(r, "max"));
        assertEquals(List.of(1.0, 2.0), values(r, "n"));
        assertEquals(List.of(50.0, 100.0), values(r, "pct"), "nearest rank: the median of {100, 300} is 100");
        assertEquals(name, r.metricDataResults().get(0).label(), "the label defaults to the metric name");
        assertEquals(StatusCode.COMPLETE, r.metricDataResults().get(0).statusCode());

        GetMetricDataResponse up = cw.getMetricData(b -> b.startTime(minute).endTime(minute.plusSeconds(180))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(query("sum", name, "Sum", 120)));
        assertEquals(List.of(minute, minute.plusSeconds(120)), up.metricDataResults().get(0).timestamps(),
                "two-minute buckets aligned to the epoch, oldest first");
        assertEquals(List.of(450.0, 999.0), up.metricDataResults().get(0).values());
    }

    @Test
    void percentilesComeFromRawValuesWithTheirCountsAndAnotherUnitOrDimensionIsAnotherSeries() {
        String name = metric();
        Instant at = Instant.parse("2026-11-26T09:40:10Z");
        cw.putMetricData(b -> b.namespace("Flowback/Test").metricData(MetricDatum.builder().metricName(name)
                .timestamp(at).unit(StandardUnit.MILLISECONDS).values(10.0, 20.0, 1500.0).counts(90.0, 9.0, 1.0)
                .dimensions(Dimension.builder().name("Service").value("orders").build()).build(),
                MetricDatum.builder().metricName(name).timestamp(at).unit(StandardUnit.SECONDS).value(7.0)
                        .dimensions(Dimension.builder().name("Service").value("orders").build()).build(),
                MetricDatum.builder().metricName(name).timestamp(at).value(5000.0).unit(StandardUnit.MILLISECONDS)
                        .dimensions(Dimension.builder().name("Service").value("billing").build()).build()));
        GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(at.minusSeconds(60)).endTime(at.plusSeconds(60))
                .metricDataQueries(query("p99", name, "p99", 60), query("p90", name, "p90", 60),
                        MetricDataQuery.builder().id("ms").metricStat(s -> s.stat("SampleCount").period(60)
                                .unit(StandardUnit.MILLISECONDS).metric(m -> m.namespace("Flowback/Test")
                                        .metricName(name).dimensions(Dimension.builder().name("Service")
                                                .value("orders").build()))).build()));
        assertEquals(List.of(20.0), values(r, "p99"), "rank 99 of 100 falls in the nine 20 ms values");
        assertEquals(List.of(10.0), values(r, "p90"));
        assertEquals(List.of(100.0), values(r, "ms"), "only milliseconds; the seconds datum is left out");
    }

    @Test
    void aLargePutArrivesGzippedAndIsReadWhole() {
        String name = metric();
        Instant at = Instant.parse("2026-11-26T09:30:00Z");
        List<MetricDatum> data = IntStream.range(0, 300).mapToObj(i -> datum(name, at.plusSeconds(i % 60), i))
                .toList();
        cw.putMetricData(b -> b.namespace("Flowback/Test").metricData(data));
        GetMetricDataResponse r = cw.getMetricData(b -> b.startTime(at).endTime(at.plusSeconds(60))
                .metricDataQueries(query("n", name, "SampleCount", 60), query("s", name, "Sum", 60)));
        assertEquals(List.of(300.0), values(r, "n"), "300 datums are over 10 KiB: the SDK sent them gzipped");
        assertEquals(List.of(299.0 * 300 / 2), values(r, "s"));
    }

    @Test
    void badMetricDataIsRefusedWholeWithTheExceptionTheSdkMapsItTo() {
        String name = metric();
        Instant at = Instant.parse("2026-11-26T09:20:00Z");
        InvalidParameterValueException nan = assertThrows(InvalidParameterValueException.class, () ->
                cw.putMetricData(b -> b.namespace("Flowback/Test").metricData(datum(name, at, 1),
                        datum(name, at, Double.NaN))));
        assertTrue(nan.getMessage().contains("MetricData.member.2.Value"), nan.getMessage());
        assertEquals("InvalidParameterValue", nan.awsErrorDetails().errorCode());
        assertEquals(List.of(), values(cw.getMetricData(b -> b.startTime(at).endTime(at.plusSeconds(60))
                .metricDataQueries(query("n", name, "SampleCount", 60))), "n"), "nothing of the bad request stored");
        assertThrows(InvalidParameterValueException.class, () -> cw.putMetricData(b -> b.namespace("AWS/Lambda")
                .metricData(datum(name, at, 1))));
        assertThrows(InvalidParameterValueException.class, () -> cw.putMetricData(b -> b.namespace("Flowback/Test")
                .metricData(datum(name, T0.minus(Duration.ofDays(15)), 1))), "more than two weeks old");
        assertThrows(InvalidParameterValueException.class, () -> cw.getMetricData(b -> b.startTime(at)
                .endTime(at.plusSeconds(60)).metricDataQueries(query("Bad", name, "Sum", 60))));
        assertThrows(InvalidParameterValueException.class, () -> cw.getMetricData(b -> b.startTime(at)
                .endTime(at.plusSeconds(60)).metricDataQueries(query("x", name, "Sum", 45))), "not a valid period");
        assertThrows(InvalidParameterValueException.class, () -> cw.getMetricData(b -> b.startTime(at)
                .endTime(at).metricDataQueries(query("x", name, "Sum", 60))), "StartTime must precede EndTime");
    }

    @Test
    void maxDatapointsTruncatesWithPartialDataAndTheNextTokenCarriesOn() {
        String name = metric();
        Instant at = Instant.parse("2026-11-26T08:00:00Z");
        cw.putMetricData(b -> b.namespace("Flowback/Test").metricData(IntStream.range(0, 5)
                .mapToObj(i -> datum(name, at.plusSeconds(60L * i), i)).toList()));
        GetMetricDataResponse first = cw.getMetricData(b -> b.startTime(at).endTime(at.plusSeconds(300))
                .maxDatapoints(3).metricDataQueries(query("s", name, "Sum", 60)));
        assertEquals(List.of(4.0, 3.0, 2.0), values(first, "s"));
        assertEquals(StatusCode.PARTIAL_DATA, first.metricDataResults().get(0).statusCode());
        assertNotNull(first.nextToken());
        GetMetricDataResponse rest = cw.getMetricData(b -> b.startTime(at).endTime(at.plusSeconds(300))
                .maxDatapoints(3).nextToken(first.nextToken()).metricDataQueries(query("s", name, "Sum", 60)));
        assertEquals(List.of(1.0, 0.0), values(rest, "s"));
        assertNull(rest.nextToken());
        assertThrows(InvalidNextTokenException.class, () -> cw.getMetricData(b -> b.startTime(at)
                .endTime(at.plusSeconds(300)).nextToken("bogus").metricDataQueries(query("s", name, "Sum", 60))));
    }

    @Test
    void aNewAlarmStartsInInsufficientDataAndAnUpdateKeepsItsStateButReplacesItsConfiguration() {
        String alarm = "cw-new-" + metric();
        putAlarm(alarm, metric(), 250.0, 3);
        MetricAlarm created = onlyAlarm(alarm);
        assertEquals(StateValue.INSUFFICIENT_DATA, created.stateValue());
        assertEquals("Unchecked: Initial alarm creation", created.stateReason());
        assertEquals(60, created.period(), "an Integer member, read back as one");
        assertEquals(3, created.datapointsToAlarm(), "DatapointsToAlarm defaults to EvaluationPeriods");
        assertEquals("missing", created.treatMissingData());
        assertEquals(LocalCloudWatch.alarmArn(alarm), created.alarmArn());

        cw.setAlarmState(b -> b.alarmName(alarm).stateValue(StateValue.ALARM).stateReason("testing"));
        clock.advance(Duration.ofSeconds(30));
        putAlarm(alarm, "OtherMetric", 400.0, 2);
        MetricAlarm updated = onlyAlarm(alarm);
        assertEquals(StateValue.ALARM, updated.stateValue(), "an update leaves the state unchanged");
        assertEquals(400.0, updated.threshold());
        assertEquals(2, updated.evaluationPeriods());
        assertEquals("OtherMetric", updated.metricName());
        assertTrue(updated.alarmConfigurationUpdatedTimestamp().isAfter(created.alarmConfigurationUpdatedTimestamp()));
    }

    @Test
    void describeAlarmsFiltersSortsAndPagesAsCloudWatchDoes() {
        String prefix = "cw-list-" + metric() + "-";
        for (String n : List.of("c", "a", "b", "d")) {
            putAlarm(prefix + n, "M", 1.0, 1);
        }
        cw.putCompositeAlarm(b -> b.alarmName(prefix + "composite").alarmRule("ALARM(\"" + prefix + "a\")"));
        cw.setAlarmState(b -> b.alarmName(prefix + "b").stateValue(StateValue.ALARM).stateReason("r"));

        List<String> names = new ArrayList<>();
        cw.describeAlarmsPaginator(b -> b.alarmNamePrefix(prefix).maxRecords(3)).metricAlarms()
                .forEach(a -> names.add(a.alarmName()));
        assertEquals(List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d"), names,
                "sorted by name, across pages; without AlarmTypes no composite alarm");
        DescribeAlarmsResponse both = cw.describeAlarms(b -> b.alarmNames(prefix + "a", prefix + "composite",
                prefix + "typo").alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM));
        assertEquals(List.of(prefix + "a"), both.metricAlarms().stream().map(MetricAlarm::alarmName).toList(),
                "an unknown name is simply left out");
        assertEquals(StateValue.INSUFFICIENT_DATA, both.compositeAlarms().get(0).stateValue());
        assertEquals(List.of(prefix + "b"), cw.describeAlarms(b -> b.alarmNamePrefix(prefix)
                .stateValue(StateValue.ALARM)).metricAlarms().stream().map(MetricAlarm::alarmName).toList());
        assertThrows(InvalidParameterCombinationException.class, () -> cw.describeAlarms(b -> b
                .alarmNames(prefix + "a").alarmNamePrefix(prefix)));

        cw.deleteAlarms(b -> b.alarmNames(prefix + "a", prefix + "never-existed"));
        assertTrue(cw.describeAlarms(b -> b.alarmNames(prefix + "a")).metricAlarms().isEmpty());
        assertEquals(3, cw.describeAlarms(b -> b.alarmNamePrefix(prefix)).metricAlarms().size(),
                "the correctly named alarm is deleted, the unknown name ignored");
    }

    @Test
    void setAlarmStateRunsActionsOnlyWhenTheValueChanges() {
        String alarm = "cw-set-" + metric();
        putAlarm(alarm, metric(), 1.0, 1);
        Instant created = onlyAlarm(alarm).stateTransitionedTimestamp();
        TRANSITIONS.clear();
        clock.advance(Duration.ofSeconds(10));
        cw.setAlarmState(b -> b.alarmName(alarm).stateValue(StateValue.ALARM).stateReason("first")
                .stateReasonData("{\"version\":\"1.0\"}"));
        clock.advance(Duration.ofSeconds(10));
        cw.setAlarmState(b -> b.alarmName(alarm).stateValue(StateValue.ALARM).stateReason("again"));
        MetricAlarm read = onlyAlarm(alarm);
        assertEquals("again", read.stateReason());
        assertEquals(created.plusSeconds(10), read.stateTransitionedTimestamp(), "the value changed once");
        assertEquals(1, TRANSITIONS.size(), "the same state again runs no action");
        AlarmTransition t = TRANSITIONS.get(0);
        assertEquals("INSUFFICIENT_DATA", t.previous().value());
        assertEquals("ALARM", t.current().value());
        assertEquals(List.of("arn:aws:lambda:us-east-1:123456789012:function:trigger"), t.actions());

        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class, () ->
                cw.setAlarmState(b -> b.alarmName("nope").stateValue(StateValue.OK).stateReason("r")));
        assertEquals("ResourceNotFound", missing.awsErrorDetails().errorCode());
        assertThrows(InvalidFormatException.class, () -> cw.setAlarmState(b -> b.alarmName(alarm)
                .stateValue(StateValue.OK).stateReason("r").stateReasonData("{not json")));
        assertEquals(1, TRANSITIONS.size());
    }

    @Test
    void anEvaluatedAlarmEntersAlarmWithCloudWatchsReasonAndEveryDeliveryShapeCarriesIt() throws Exception {
        String name = metric();
        String alarm = "cw-eval-" + name;
        putAlarm(alarm, name, 250.0, 2);
        clock.set(Instant.parse("2026-11-26T11:00:30Z"));
        cw.putMetricData(b -> b.namespace("Flowback/Test").metricData(
                datum(name, Instant.parse("2026-11-26T10:58:10Z"), 300),
                datum(name, Instant.parse("2026-11-26T10:59:10Z"), 280.5)));
        TRANSITIONS.clear();
        standIn.evaluateAlarms();
        MetricAlarm read = onlyAlarm(alarm);
        assertEquals(StateValue.ALARM, read.stateValue());
        assertEquals("Threshold Crossed: 2 out of the last 2 datapoints [280.5 (26/11/26 10:59:00), 300.0 (26/11/26"
                + " 10:58:00)] was greater than the threshold (250.0) (minimum 2 datapoints for OK -> ALARM"
                + " transition).", read.stateReason());
        JsonNode data = JSON.readTree(read.stateReasonData());
        assertEquals(280.5, data.path("recentDatapoints").get(0).asDouble());
        assertEquals(250.0, data.path("threshold").asDouble());
        AlarmTransition t = TRANSITIONS.stream().filter(x -> x.alarmName().equals(alarm)).findFirst().orElseThrow();

        JsonNode lambda = JSON.readTree(t.lambdaActionEvent());
        assertEquals("ALARM", lambda.path("alarmData").path("state").path("value").asText());
        assertEquals("2026-11-26T11:00:30.000+0000", lambda.path("alarmData").path("state").path("timestamp")
                .asText());
        assertEquals("orders", lambda.path("alarmData").path("configuration").path("metrics").get(0)
                .path("metricStat").path("metric").path("dimensions").path("Service").asText());
        JsonNode event = JSON.readTree(t.eventBridgeEvent());
        assertEquals("CloudWatch Alarm State Change", event.path("detail-type").asText());
        assertEquals("2026-11-26T11:00:30Z", event.path("time").asText());
        assertEquals(read.stateReason(), event.path("detail").path("state").path("reason").asText());
        JsonNode sns = JSON.readTree(t.snsMessage());
        assertEquals(read.stateReason(), sns.path("NewStateReason").asText(), "the same reason by every path");
        assertEquals("AVERAGE", sns.path("Trigger").path("Statistic").asText());
        assertEquals("ALARM: \"" + alarm + "\" in US East (N. Virginia)", t.snsSubject());

        clock.advance(Duration.ofMinutes(5));
        standIn.evaluateAlarms();
        assertEquals(StateValue.INSUFFICIENT_DATA, onlyAlarm(alarm).stateValue(), "no data any more: missing");
        assertFalse(onlyAlarm(alarm).stateReason().isEmpty());
    }

    private static void putAlarm(String alarm, String metricName, double threshold, int periods) {
        cw.putMetricAlarm(b -> b.alarmName(alarm).namespace("Flowback/Test").metricName(metricName)
                .dimensions(Dimension.builder().name("Service").value("orders").build()).statistic("Average")
                .period(60).evaluationPeriods(periods).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .alarmActions("arn:aws:lambda:us-east-1:123456789012:function:trigger"));
    }

    private static MetricAlarm onlyAlarm(String alarm) {
        List<MetricAlarm> found = cw.describeAlarms(b -> b.alarmNames(alarm)).metricAlarms();
        assertEquals(1, found.size(), alarm);
        return found.get(0);
    }

    private static List<Double> values(GetMetricDataResponse r, String id) {
        return r.metricDataResults().stream().filter(m -> m.id().equals(id)).findFirst()
                .map(MetricDataResult::values).orElseThrow();
    }
}
