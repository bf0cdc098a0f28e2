package dev.flowback.core.chain.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one health check saw. The figures (error rate, p99, alarms in ALARM, HTTP status) travel with the verdict so
 * the outcome, the event and the record can show the numbers that decided it.
 *
 * @param errorRate     errors / requests since the switch (at most the probe's look-back), or null when not measured
 *                      or no data
 * @param p99Millis     p99 latency in milliseconds over the same span, or null when not measured or no data
 * @param alarmsInAlarm every configured alarm in ALARM, pending ones included
 * @param httpStatus    the health URL's status, or null when none is configured
 * @param alarmsPending the alarms in ALARM that have not changed state since the switch: what they say is about the
 *                      version before it, so they do not fail a check while the window runs, only a window that ends
 *                      with them still in ALARM (see {@link HealthRules#windowOver})
 */
public record HealthReport(
        boolean healthy,
        Instant checkedAt,
        List<HealthFinding> findings,
        Double errorRate,
        Double p99Millis,
        List<String> alarmsInAlarm,
        Integer httpStatus,
        List<String> alarmsPending) {

    public HealthReport {
        findings = findings == null ? List.of() : List.copyOf(findings);
        alarmsInAlarm = alarmsInAlarm == null ? List.of() : List.copyOf(alarmsInAlarm);
        alarmsPending = alarmsPending == null ? List.of() : List.copyOf(alarmsPending);
    }

    /** A report without pending alarms. */
    public HealthReport(boolean healthy, Instant checkedAt, List<HealthFinding> findings, Double errorRate,
                        Double p99Millis, List<String> alarmsInAlarm, Integer httpStatus) {
        this(healthy, checkedAt, findings, errorRate, p99Millis, alarmsInAlarm, httpStatus, List.of());
    }

    /** A report built from findings: healthy when every finding is. */
    public static HealthReport of(Instant checkedAt, List<HealthFinding> findings, Double errorRate, Double p99Millis,
                                  List<String> alarmsInAlarm, Integer httpStatus) {
        return of(checkedAt, findings, errorRate, p99Millis, alarmsInAlarm, List.of(), httpStatus);
    }

    /** A report built from findings, with the alarms still pending from before the switch. */
    public static HealthReport of(Instant checkedAt, List<HealthFinding> findings, Double errorRate, Double p99Millis,
                                  List<String> alarmsInAlarm, List<String> alarmsPending, Integer httpStatus) {
        return new HealthReport(findings.stream().allMatch(HealthFinding::healthy), checkedAt, findings, errorRate,
                p99Millis, alarmsInAlarm, httpStatus, alarmsPending);
    }

    /** Several probes' reports as one: every finding, the first figure each probe measured. */
    public static HealthReport combine(Instant checkedAt, List<HealthReport> reports) {
        List<HealthFinding> findings = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        Double errorRate = null;
        Double p99 = null;
        Integer status = null;
        for (HealthReport r : reports) {
            findings.addAll(r.findings());
            alarms.addAll(r.alarmsInAlarm());
            pending.addAll(r.alarmsPending());
            errorRate = errorRate != null ? errorRate : r.errorRate();
            p99 = p99 != null ? p99 : r.p99Millis();
            status = status != null ? status : r.httpStatus();
        }
        return of(checkedAt, findings, errorRate, p99, alarms, pending, status);
    }

    /**
     * Whether anything was seen about the version being judged: a finding with evidence. A healthy report without
     * evidence (nothing configured, no data, alarms in INSUFFICIENT_DATA) does not make a version GOOD.
     */
    public boolean evidence() {
        return findings.stream().anyMatch(HealthFinding::evidence);
    }

    /** One line: "healthy (alarms ok: none in ALARM; error rate ok: 0.4 % <= 5.0 %)". */
    public String summary() {
        String checks = findings.isEmpty() ? "no health signal configured"
                : findings.stream().map(HealthFinding::toString).collect(Collectors.joining("; "));
        return (healthy ? "healthy" : "unhealthy") + " (" + checks + ")";
    }
}
