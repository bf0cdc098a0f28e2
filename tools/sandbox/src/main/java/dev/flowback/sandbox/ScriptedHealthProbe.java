package dev.flowback.sandbox;

import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.health.HealthRules.AlarmObservation;
import dev.flowback.core.chain.port.HealthProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LOCAL ONLY: a health probe whose answers the caller sets, per workflow, for local runs and scenario tests where
 * there is no CloudWatch and no service to call. Production uses EnvironmentHealthProbe (lib/health).
 * Unless told otherwise every workflow is healthy, and the report says the answer was scripted so it is never
 * mistaken for a measurement.
 *
 * <p>Scripted alarms carry the time their state began relative to the switch each check is asked about, and are
 * judged by the same {@link HealthRules} as CloudWatch's: one in ALARM since before the switch is pending, one that
 * went into ALARM after it fails.
 */
public final class ScriptedHealthProbe implements HealthProbe {
    /** How long before the switch a scripted alarm that "fired before the switch" went into ALARM. */
    public static final Duration FIRED_BEFORE_SWITCH = Duration.ofMinutes(3);

    private final Clock clock;
    private final Map<String, HealthReport> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    private final Map<String, List<ScriptedAlarm>> alarms = new ConcurrentHashMap<>();

    /**
     * One alarm's script. {@code inAlarmForChecks} counts the checks after the script was set: a negative count
     * means for ever.
     */
    private record ScriptedAlarm(String name, boolean firedBeforeSwitch, int inAlarmForChecks, AtomicInteger seen) {
        AlarmObservation observe(Instant switchedAt) {
            int check = seen.incrementAndGet();
            if (!firedBeforeSwitch) {
                return new AlarmObservation(name, "ALARM", switchedAt.plusMillis(1));
            }
            if (inAlarmForChecks < 0 || check <= inAlarmForChecks) {
                return new AlarmObservation(name, "ALARM", switchedAt.minus(FIRED_BEFORE_SWITCH));
            }
            // Recovered on the target's data, so after the switch.
            return new AlarmObservation(name, "OK", switchedAt.plusMillis(1));
        }
    }

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

    /**
     * Alarm {@code alarm} of {@code workflowId} went into ALARM {@link #FIRED_BEFORE_SWITCH} before the switch
     * (as the alarm that started a rollback did) and is seen in ALARM by the next {@code inAlarmForChecks} checks,
     * then OK; a negative count keeps it in ALARM for ever.
     */
    public void alarmFiredBeforeSwitch(String workflowId, String alarm, int inAlarmForChecks) {
        script(workflowId, new ScriptedAlarm(alarm, true, inAlarmForChecks, new AtomicInteger()));
    }

    /** Alarm {@code alarm} of {@code workflowId} went into ALARM just after the switch: the target raised it. */
    public void alarmFiresAfterSwitch(String workflowId, String alarm) {
        script(workflowId, new ScriptedAlarm(alarm, false, -1, new AtomicInteger()));
    }

    /** Forgets the alarms scripted for {@code workflowId}. */
    public void clearAlarms(String workflowId) {
        alarms.remove(workflowId);
    }

    /** How many times {@code workflowId} was checked. */
    public int checks(String workflowId) {
        return checks.getOrDefault(workflowId, new AtomicInteger()).get();
    }

    @Override
    public HealthReport check(HealthQuery query) {
        if (!query.signals().anyConfigured()) {
            // As the real probe: with nothing configured there is nothing to ask, so nothing is evidence.
            return HealthReport.of(clock.instant(), List.of(), null, null, List.of(), null);
        }
        String workflow = query.environment().workflow().value();
        checks.computeIfAbsent(workflow, w -> new AtomicInteger()).incrementAndGet();
        HealthReport answer = answers.getOrDefault(workflow, report(true, "scripted healthy (default)", 0.0, 0.0,
                List.of()));
        List<ScriptedAlarm> scripted = alarms.getOrDefault(workflow, List.of());
        if (scripted.isEmpty()) {
            return new HealthReport(answer.healthy(), clock.instant(), answer.findings(),
                    answer.errorRate(), answer.p99Millis(), answer.alarmsInAlarm(), null);
        }
        List<AlarmObservation> observed = scripted.stream().map(a -> a.observe(query.switchedAt())).toList();
        List<HealthFinding> findings = new ArrayList<>(answer.findings());
        findings.add(HealthRules.alarms(scripted.stream().map(ScriptedAlarm::name).toList(), observed,
                query.switchedAt()));
        List<String> inAlarm = new ArrayList<>(answer.alarmsInAlarm());
        HealthRules.inAlarm(observed).stream().filter(name -> !inAlarm.contains(name)).forEach(inAlarm::add);
        return HealthReport.of(clock.instant(), findings, answer.errorRate(), answer.p99Millis(), inAlarm,
                HealthRules.pendingAlarms(observed, query.switchedAt()), null);
    }

    private void script(String workflowId, ScriptedAlarm alarm) {
        alarms.computeIfAbsent(workflowId, w -> new CopyOnWriteArrayList<>()).add(alarm);
    }

    private static HealthReport report(boolean healthy, String what, double errorRate, double p99,
                                       List<String> alarms) {
        String figures = String.format(java.util.Locale.ROOT, "error rate %.1f %%, p99 %.0f ms%s", errorRate * 100,
                p99, alarms.isEmpty() ? "" : ", in ALARM: " + String.join(", ", alarms));
        return new HealthReport(healthy, null, List.of(new HealthFinding("local probe", healthy, what + ": "
                + figures)), errorRate, p99, alarms, null);
    }
}
