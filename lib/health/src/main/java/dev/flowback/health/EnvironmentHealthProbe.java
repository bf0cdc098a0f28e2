package dev.flowback.health;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.rollback.Environment;
import dev.flowback.core.rollback.HealthProbe;
import dev.flowback.core.rollback.HealthQuery;
import dev.flowback.core.rollback.HealthReport;
import java.time.Clock;
import java.util.List;

/**
 * The production probe: CloudWatch (alarms, metric thresholds) and the health URL, whichever the environment
 * configures, as one report. An environment that configures none is healthy by definition, and the report says
 * "no health checks configured" so nobody mistakes that for a measured result.
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
        Clock clock = Clock.systemUTC();
        return new EnvironmentHealthProbe(
                new CloudWatchHealthProbe(CloudWatchHealthProbe.client(AwsSettings.fromEnvironment()), clock),
                new HttpHealthProbe(HttpHealthProbe.DEFAULT_TIMEOUT, clock), clock);
    }

    @Override
    public HealthReport check(HealthQuery query) {
        Environment environment = query.environment();
        boolean usesCloudWatch = !environment.health().alarmNames().isEmpty() || environment.health().metrics() != null;
        boolean usesUrl = environment.health().healthUrl() != null;
        List<HealthReport> reports = new java.util.ArrayList<>();
        if (usesCloudWatch) {
            reports.add(cloudWatch.check(query));
        }
        if (usesUrl) {
            reports.add(http.check(query));
        }
        return HealthReport.combine(clock.instant().toString(), reports);
    }
}
