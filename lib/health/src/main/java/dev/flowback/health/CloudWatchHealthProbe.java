package dev.flowback.health;

import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.health.HealthRules.AlarmObservation;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.health.MetricIdentity;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Alarms and metric thresholds from CloudWatch, judged on what happened after the switch: DescribeAlarms for the
 * configured alarm names (metric and composite alarms) with the time each last changed state, GetMetricData for
 * requests, errors and p99 latency in one-minute periods from the switch on (at most the last {@link #LOOK_BACK}).
 * The verdicts come from {@link HealthRules}; this class only asks CloudWatch and reads the answers, and the reading
 * ({@link #alarmObservations}, {@link #metricSpan}, {@link #readings}, {@link #metricRequest}) is plain code tested on
 * SDK model objects.
 */
public final class CloudWatchHealthProbe implements HealthProbe {
    /** Standard-resolution metrics have one data point a minute: the finest period every metric has. */
    public static final Duration PERIOD = Duration.ofMinutes(1);
    /** How far back a check looks at most: recent enough to reflect the target now, long enough to hold traffic. */
    public static final Duration LOOK_BACK = Duration.ofMinutes(5);

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
    public HealthReport check(HealthQuery query) {
        EnvironmentRef environment = query.environment();
        HealthSignals settings = query.signals();
        Instant now = clock.instant();
        List<HealthFinding> findings = new ArrayList<>();
        List<String> inAlarm = List.of();
        List<String> pending = List.of();
        Double errorRate = null;
        Double p99 = null;
        if (!settings.alarmNames().isEmpty()) {
            List<AlarmObservation> alarms = alarmObservations(settings.alarmNames(), AwsErrors.call(
                    "describing the alarms of " + environment, () -> cloudWatch.describeAlarms(b -> b
                            .alarmNames(settings.alarmNames())
                            .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                            .maxRecords(HealthSignals.MAX_ALARMS))));
            findings.add(HealthRules.alarms(settings.alarmNames(), alarms, query.switchedAt()));
            inAlarm = HealthRules.inAlarm(alarms);
            pending = HealthRules.pendingAlarms(alarms, query.switchedAt());
        }
        if (settings.metrics() != null) {
            Optional<Instant> start = metricSpan(query.switchedAt(), now);
            Readings values = start.isEmpty() ? Readings.NONE : readings(AwsErrors.call("reading the metrics of "
                    + environment, () -> cloudWatch.getMetricData(metricRequest(settings.metrics(),
                    start.get(), now))));
            String span = describe(query.switchedAt(), start, now, values);
            findings.add(HealthRules.errorRate(values.requests(), values.errors(), settings.errorRateThreshold(),
                    span));
            findings.add(HealthRules.p99(values.p99(), settings.p99ThresholdMillis(), span));
            errorRate = HealthRules.errorRateOf(values.requests(), values.errors());
            p99 = values.p99();
        }
        return HealthReport.of(now, findings, errorRate, p99, inAlarm, pending, null);
    }

    /**
     * Every configured name with the state CloudWatch reports and when that state began, or a null state for a name
     * it does not know. StateTransitionedTimestamp is when the state value last changed; older responses only carry
     * StateUpdatedTimestamp, which also moves with the evaluation state, so it is the fallback.
     */
    static List<AlarmObservation> alarmObservations(List<String> configured, DescribeAlarmsResponse response) {
        return configured.stream().map(name -> Optional.<AlarmObservation>empty()
                .or(() -> response.metricAlarms().stream().filter(a -> name.equals(a.alarmName()))
                        .map(CloudWatchHealthProbe::observation).findFirst())
                .or(() -> response.compositeAlarms().stream().filter(a -> name.equals(a.alarmName()))
                        .map(CloudWatchHealthProbe::observation).findFirst())
                .orElse(new AlarmObservation(name, null, null))).toList();
    }

    private static AlarmObservation observation(MetricAlarm a) {
        return new AlarmObservation(a.alarmName(), a.stateValueAsString(), a.stateTransitionedTimestamp() != null
                ? a.stateTransitionedTimestamp() : a.stateUpdatedTimestamp());
    }

    private static AlarmObservation observation(CompositeAlarm a) {
        return new AlarmObservation(a.alarmName(), a.stateValueAsString(), a.stateTransitionedTimestamp() != null
                ? a.stateTransitionedTimestamp() : a.stateUpdatedTimestamp());
    }

    /**
     * Where the metric query starts: the first whole minute after the switch, or {@link #LOOK_BACK} ago if later;
     * empty while that minute has not begun. CloudWatch rounds a start time down to the minute, so starting at the
     * switch itself would bring back the minute it happened in, with the previous version's traffic in it.
     */
    static Optional<Instant> metricSpan(Instant switchedAt, Instant now) {
        Instant afterSwitch = switchedAt.truncatedTo(ChronoUnit.MINUTES);
        if (afterSwitch.isBefore(switchedAt)) {
            afterSwitch = afterSwitch.plus(PERIOD);
        }
        Instant start = afterSwitch.isAfter(now.minus(LOOK_BACK)) ? afterSwitch : now.minus(LOOK_BACK);
        return start.isBefore(now) ? Optional.of(start) : Optional.empty();
    }

    /** One query per figure from {@code start}, in one-minute periods: sums of requests and errors, p99 of latency. */
    static GetMetricDataRequest metricRequest(MetricIdentity identity, Instant start, Instant now) {
        int period = (int) PERIOD.toSeconds();
        return GetMetricDataRequest.builder()
                .startTime(start)
                .endTime(now)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(
                        query(REQUESTS, identity, identity.requestsMetric(), "Sum", period),
                        query(ERRORS, identity, identity.errorsMetric(), "Sum", period),
                        query(P99, identity, identity.latencyMetric(), "p99", period))
                .build();
    }

    /**
     * What the span measured: requests and errors summed over its minutes, p99 the worst minute's (a latency spike
     * in one minute is not averaged away); a figure with no data points is null (no evidence either way).
     *
     * @param minutes how many one-minute data points the busiest figure had
     */
    record Readings(Double requests, Double errors, Double p99, int minutes) {
        static final Readings NONE = new Readings(null, null, null, 0);
    }

    static Readings readings(GetMetricDataResponse response) {
        Double requests = null;
        Double errors = null;
        Double p99 = null;
        int minutes = 0;
        for (MetricDataResult result : response.metricDataResults()) {
            List<Double> values = result.values();
            if (values.isEmpty()) {
                continue;
            }
            minutes = Math.max(minutes, values.size());
            switch (result.id()) {
                case REQUESTS -> requests = values.stream().reduce(0.0, Double::sum);
                case ERRORS -> errors = values.stream().reduce(0.0, Double::sum);
                case P99 -> p99 = values.stream().reduce(Double::max).orElseThrow();
                default -> {
                    // A query this probe did not send: nothing to read.
                }
            }
        }
        return new Readings(requests, errors, p99, minutes);
    }

    /** "since the switch at 10:00:05Z (2 minute(s) of data from 10:01:00Z)", for the findings. */
    static String describe(Instant switchedAt, Optional<Instant> start, Instant now, Readings values) {
        if (start.isEmpty()) {
            return "since the switch at " + switchedAt + " yet (its first whole minute has not begun)";
        }
        if (values.minutes() == 0) {
            return "since the switch at " + switchedAt + " yet (none from " + start.get() + " to " + now + ")";
        }
        return "since the switch at " + switchedAt + " (" + values.minutes() + " minute(s) of data from "
                + start.get() + ")";
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
}
