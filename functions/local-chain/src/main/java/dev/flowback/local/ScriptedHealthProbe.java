package dev.flowback.local;

import dev.flowback.core.rollback.Environment;
import dev.flowback.core.rollback.HealthFinding;
import dev.flowback.core.rollback.HealthProbe;
import dev.flowback.core.rollback.HealthReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LOCAL ONLY: a health probe whose answers the caller sets, per workflow, for local runs and scenario tests where
 * there is no CloudWatch and no service to call. Production uses EnvironmentHealthProbe (functions/health).
 * Unless told otherwise every workflow is healthy, and the report says the answer was scripted so it is never
 * mistaken for a measurement.
 */
public final class ScriptedHealthProbe implements HealthProbe {
    private final Clock clock;
    private final Map<String, HealthReport> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();

    public ScriptedHealthProbe(Clock clock) {
        this.clock = clock;
    }

    /** Every later check of {@code workflowId} answers healthy, with these figures. */
    public void answerHealthy(String workflowId, double errorRate, double p99Millis) {
        answers.put(workflowId, report(true, "scripted healthy", errorRate, p99Millis, List.of()));
    }

    /** Every later check of {@code workflowId} answers unhealthy, with these figures and alarms in ALARM. */
    public void answerUnhealthy(String workflowId, double errorRate, double p99Millis, List<String> alarmsInAlarm) {
        answers.put(workflowId, report(false, "scripted unhealthy", errorRate, p99Millis, alarmsInAlarm));
    }

    /** How many times {@code workflowId} was checked. */
    public int checks(String workflowId) {
        return checks.getOrDefault(workflowId, new AtomicInteger()).get();
    }

    @Override
    public HealthReport check(Environment environment) {
        String workflow = environment.workflowId().value();
        checks.computeIfAbsent(workflow, w -> new AtomicInteger()).incrementAndGet();
        HealthReport answer = answers.getOrDefault(workflow, report(true, "scripted healthy (default)", 0.0, 0.0,
                List.of()));
        return new HealthReport(answer.healthy(), clock.instant().toString(), answer.findings(), answer.errorRate(),
                answer.p99Millis(), answer.alarmsInAlarm(), null);
    }

    private static HealthReport report(boolean healthy, String what, double errorRate, double p99,
                                       List<String> alarms) {
        String figures = String.format(java.util.Locale.ROOT, "error rate %.1f %%, p99 %.0f ms%s", errorRate * 100,
                p99, alarms.isEmpty() ? "" : ", in ALARM: " + String.join(", ", alarms));
        return new HealthReport(healthy, null, List.of(new HealthFinding("local probe", healthy, what + ": "
                + figures)), errorRate, p99, alarms, null);
    }
}
