package dev.flowback.adapter.health;

import dev.flowback.adapter.aws.AwsErrors;
import dev.flowback.adapter.aws.AwsSettings;
import dev.flowback.core.rollback.Environment;
import dev.flowback.core.rollback.HealthFinding;
import dev.flowback.core.rollback.HealthProbe;
import dev.flowback.core.rollback.HealthReport;
import dev.flowback.core.rollback.HealthRules;
import dev.flowback.core.rollback.HealthRules.AlarmObservation;
import dev.flowback.core.rollback.HealthSettings;
import dev.flowback.core.rollback.MetricIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Alarms and metric thresholds from CloudWatch: DescribeAlarms for the configured alarm names (metric and composite
 * alarms), GetMetricData for requests, errors and p99 latency over the last {@link #PERIOD}. The verdicts come from
 * {@link HealthRules}; this class only asks CloudWatch and reads the answers, and the reading
 * ({@link #alarmObservations}, {@link #readings}, {@link #metricRequest}) is plain code tested on SDK model objects.
 */
public final class CloudWatchHealthProbe implements HealthProbe {
    /** Long enough to hold data points of a one-minute metric, short enough to reflect the switch. */
    public static final Duration PERIOD = Duration.ofMinutes(5);

    static final String REQUESTS = "requests";
    static final String ERRORS = "errors";
    static final String P99 = "p99";

    private final CloudWatchClient cloudWatch;
    private final Clock clock;

    public CloudWatchHealthProbe(CloudWatchClient cloudWatch, Clock clock) {
        this.cloudWatch = cloudWatch;
        this.clock = clock;
    }

    public static CloudWatchClient client(AwsSettings settings) {
        return settings.configure(CloudWatchClient.builder(), "cloudwatch").build();
    }

    @Override
    public HealthReport check(Environment environment) {
        HealthSettings settings = environment.health();
        Instant now = clock.instant();
        List<HealthFinding> findings = new ArrayList<>();
        List<String> inAlarm = List.of();
        Double errorRate = null;
        Double p99 = null;
        if (!settings.alarmNames().isEmpty()) {
            List<AlarmObservation> alarms = alarmObservations(settings.alarmNames(), call("describing the alarms of "
                    + environment.label(), () -> cloudWatch.describeAlarms(b -> b.alarmNames(settings.alarmNames())
                    .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                    .maxRecords(HealthSettings.MAX_ALARMS))));
            findings.add(HealthRules.alarms(settings.alarmNames(), alarms));
            inAlarm = HealthRules.inAlarm(alarms);
        }
        if (settings.metrics() != null) {
            Map<String, Double> values = readings(call("reading the metrics of " + environment.label(),
                    () -> cloudWatch.getMetricData(metricRequest(settings.metrics(), now))));
            findings.add(HealthRules.errorRate(values.get(REQUESTS), values.get(ERRORS),
                    settings.errorRateThreshold()));
            findings.add(HealthRules.p99(values.get(P99), settings.p99ThresholdMillis()));
            errorRate = HealthRules.errorRateOf(values.get(REQUESTS), values.get(ERRORS));
            p99 = values.get(P99);
        }
        return HealthReport.of(now.toString(), findings, errorRate, p99, inAlarm, null);
    }

    /** Every configured name with the state CloudWatch reports, or a null state for a name it does not know. */
    static List<AlarmObservation> alarmObservations(List<String> configured, DescribeAlarmsResponse response) {
        return configured.stream().map(name -> new AlarmObservation(name, Optional.<String>empty()
                .or(() -> response.metricAlarms().stream().filter(a -> name.equals(a.alarmName()))
                        .map(a -> a.stateValueAsString()).findFirst())
                .or(() -> response.compositeAlarms().stream().filter(a -> name.equals(a.alarmName()))
                        .map(a -> a.stateValueAsString()).findFirst())
                .orElse(null))).toList();
    }

    /** One query per figure over the last period: sums of requests and errors, p99 of latency. */
    static GetMetricDataRequest metricRequest(MetricIdentity identity, Instant now) {
        int period = (int) PERIOD.toSeconds();
        return GetMetricDataRequest.builder()
                .startTime(now.minus(PERIOD))
                .endTime(now)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(
                        query(REQUESTS, identity, identity.requestsMetric(), "Sum", period),
                        query(ERRORS, identity, identity.errorsMetric(), "Sum", period),
                        query(P99, identity, identity.latencyMetric(), "p99", period))
                .build();
    }

    /** The newest value of each query; a query with no data points is absent (no evidence either way). */
    static Map<String, Double> readings(GetMetricDataResponse response) {
        Map<String, Double> values = new java.util.HashMap<>();
        for (MetricDataResult result : response.metricDataResults()) {
            if (!result.values().isEmpty()) {
                values.put(result.id(), result.values().get(0));
            }
        }
        return values;
    }

    private static MetricDataQuery query(String id, MetricIdentity identity, String metricName, String stat,
                                         int period) {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder()
                                .namespace(identity.namespace())
                                .metricName(metricName)
                                .dimensions(identity.dimensions().entrySet().stream()
                                        .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build())
                                        .toList())
                                .build())
                        .stat(stat)
                        .period(period)
                        .build())
                .build();
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw AwsErrors.translate(what, e);
        }
    }
}
