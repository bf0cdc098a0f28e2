package dev.flowback.health;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.port.HealthProbe;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The production probe: CloudWatch (alarms, metric thresholds) and the health URL, whichever the environment
 * configures, as one report. An environment that configures none is healthy by definition, and the report says
 * "no health signal configured" so nobody mistakes that for a measured result.
 */
public final class EnvironmentHealthProbe implements HealthProbe {
    private final HealthProbe cloudWatch;
    private final HealthProbe http;
    private final Clock clock;

    public EnvironmentHealthProbe(HealthProbe cloudWatch, HealthProbe http, Clock clock) {
        this.cloudWatch = cloudWatch;
        this.http = http;
        this.clock = clock;
    }

    /** Built once per container, with the shared AWS client settings. */
    public static EnvironmentHealthProbe fromEnvironment() {
        return over(AwsSettings.fromEnvironment(), Clock.systemUTC());
    }

    /** The production probe over {@code settings} (a SnapStart priming passes its offline copy). */
    public static EnvironmentHealthProbe over(AwsSettings settings, Clock clock) {
        return new EnvironmentHealthProbe(new CloudWatchHealthProbe(CloudWatchHealthProbe.client(settings), clock),
                new HttpHealthProbe(HttpHealthProbe.DEFAULT_TIMEOUT, clock), clock);
    }

    @Override
    public HealthReport check(HealthQuery query) {
        HealthSignals signals = query.signals();
        boolean usesCloudWatch = !signals.alarmNames().isEmpty() || signals.metrics() != null;
        boolean usesUrl = signals.healthUrl() != null;
        List<HealthReport> reports = new ArrayList<>();
        if (usesCloudWatch) {
            reports.add(cloudWatch.check(query));
        }
        if (usesUrl) {
            reports.add(http.check(query));
        }
        return HealthReport.combine(clock.instant(), reports);
    }
}
