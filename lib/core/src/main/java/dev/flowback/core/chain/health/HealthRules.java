package dev.flowback.core.chain.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How raw observations become verdicts. Pure, so the rules are tested without any monitoring service.
 *
 * <p>Missing data is not evidence of harm: a metric with no data points right after a switch, or an alarm in
 * INSUFFICIENT_DATA, passes (and says so). Failing on silence is what makes other tools roll back healthy releases.
 *
 * <p>Evidence from before the switch is not evidence about the target. A rollback started by an alarm begins with
 * that alarm in ALARM, and it stays there until CloudWatch has evaluated enough of the target's data points to
 * leave it. So an alarm in ALARM whose state last changed before the switch is <em>pending</em>: it fails nothing
 * while the verification window runs, and fails the window only if it is still in ALARM at the window's last check
 * ({@link #windowOver}). An alarm that went into ALARM after the switch fails at once.
 */
public final class HealthRules {
    private HealthRules() {
    }

    /**
     * An alarm as CloudWatch reports it.
     *
     * @param state          OK, ALARM, INSUFFICIENT_DATA, or null when the alarm does not exist
     * @param stateChangedAt when its state last changed, or null when unknown (an ALARM at an unknown time is judged
     *                       as current: it fails)
     */
    public record AlarmObservation(String name, String state, Instant stateChangedAt) {
        public AlarmObservation(String name, String state) {
            this(name, state, null);
        }

        boolean inAlarm() {
            return "ALARM".equals(state);
        }

        /** In ALARM since before the switch and unchanged since: its verdict is about the version before. */
        boolean pendingSince(Instant switchedAt) {
            return inAlarm() && switchedAt != null && stateChangedAt != null && stateChangedAt.isBefore(switchedAt);
        }
    }

    /** Alarms judged without a switch time: any ALARM fails. */
    public static HealthFinding alarms(List<String> configured, List<AlarmObservation> observed) {
        return alarms(configured, observed, null);
    }

    /**
     * Alarms judged against the switch: one that went into ALARM after {@code switchedAt} (or at an unknown time)
     * fails; one in ALARM since before it is pending (healthy for now, see {@link #windowOver}); a configured alarm
     * that does not exist fails (CloudWatch would report it as OK, so a misspelt name would pass for ever). An alarm
     * in INSUFFICIENT_DATA is healthy but no evidence; the finding is evidence when an alarm is in OK, or fails.
     */
    public static HealthFinding alarms(List<String> configured, List<AlarmObservation> observed, Instant switchedAt) {
        List<String> failing = observed.stream().filter(o -> o.inAlarm() && !o.pendingSince(switchedAt))
                .map(o -> o.name() + since(o, switchedAt)).toList();
        List<String> pending = observed.stream().filter(o -> o.pendingSince(switchedAt))
                .map(o -> o.name() + " (since " + o.stateChangedAt() + ")").toList();
        List<String> missing = configured.stream()
                .filter(name -> observed.stream().noneMatch(o -> o.name().equals(name) && o.state() != null))
                .toList();
        List<String> parts = new ArrayList<>();
        if (!failing.isEmpty()) {
            parts.add(String.join(", ", failing) + " in ALARM");
        }
        if (!pending.isEmpty()) {
            parts.add("pending: " + String.join(", ", pending) + " in ALARM since before the switch at " + switchedAt
                    + " and unchanged since; fails only if still in ALARM when the verification window ends");
        }
        if (parts.isEmpty()) {
            parts.add("none of " + configured.size() + " in ALARM");
        }
        List<String> quiet = observed.stream().filter(o -> "INSUFFICIENT_DATA".equals(o.state()))
                .map(AlarmObservation::name).toList();
        if (!quiet.isEmpty()) {
            parts.add("no data yet (INSUFFICIENT_DATA, not evidence either way): " + String.join(", ", quiet));
        }
        if (!missing.isEmpty()) {
            // A misspelt alarm name would otherwise pass for ever without anyone noticing.
            parts.add("not found: " + String.join(", ", missing) + " (CloudWatch reports a missing alarm as OK; a"
                    + " configured alarm must exist)");
        }
        boolean healthy = failing.isEmpty() && missing.isEmpty();
        boolean evidence = !healthy || observed.stream().anyMatch(o -> "OK".equals(o.state()));
        return new HealthFinding("alarms", healthy, String.join("; ", parts), evidence);
    }

    /** Every alarm in ALARM, pending or not (the figure the report shows). */
    public static List<String> inAlarm(List<AlarmObservation> observed) {
        return observed.stream().filter(AlarmObservation::inAlarm).map(AlarmObservation::name).toList();
    }

    /** The alarms in ALARM since before {@code switchedAt} and unchanged since. */
    public static List<String> pendingAlarms(List<AlarmObservation> observed, Instant switchedAt) {
        return observed.stream().filter(o -> o.pendingSince(switchedAt)).map(AlarmObservation::name).toList();
    }

    /**
     * The report of the verification window's last check. Pending alarms had the whole window to leave ALARM on the
     * target's traffic; one that did not is a failure now, with its own finding saying why.
     */
    public static HealthReport windowOver(HealthReport report) {
        if (report.alarmsPending().isEmpty()) {
            return report;
        }
        List<HealthFinding> findings = new ArrayList<>(report.findings());
        findings.add(new HealthFinding("alarm recovery", false, String.join(", ", report.alarmsPending())
                + " still in ALARM when the verification window ended: in ALARM since before the switch and never"
                + " recovered after it"));
        return new HealthReport(false, report.checkedAt(), findings, report.errorRate(), report.p99Millis(),
                report.alarmsInAlarm(), report.httpStatus(), List.of());
    }

    /** errors / requests against the threshold; no requests means nothing to judge. */
    public static HealthFinding errorRate(Double requests, Double errors, double threshold) {
        return errorRate(requests, errors, threshold, "in the period");
    }

    /**
     * errors / requests against the threshold over {@code span} (how the probe describes the time it measured, e.g.
     * "since the switch (10:01:00Z to 10:03:20Z)"); no requests in it means nothing to judge.
     */
    public static HealthFinding errorRate(Double requests, Double errors, double threshold, String span) {
        Double rate = errorRateOf(requests, errors);
        if (rate == null) {
            return HealthFinding.noEvidence("error rate", "no requests " + span + ": missing data is not evidence of"
                    + " harm (threshold " + percent(threshold) + ")");
        }
        boolean ok = rate <= threshold;
        return new HealthFinding("error rate", ok, percent(rate) + (ok ? " <= " : " > ") + percent(threshold) + " "
                + span);
    }

    public static Double errorRateOf(Double requests, Double errors) {
        if (requests == null || requests <= 0) {
            return null;
        }
        return (errors == null ? 0 : errors) / requests;
    }

    public static HealthFinding p99(Double p99Millis, long thresholdMillis) {
        return p99(p99Millis, thresholdMillis, "in the period");
    }

    /** p99 latency against the threshold over {@code span}; no data points means nothing to judge. */
    public static HealthFinding p99(Double p99Millis, long thresholdMillis, String span) {
        if (p99Millis == null) {
            return HealthFinding.noEvidence("p99 latency", "no data " + span + ": missing data is not evidence of"
                    + " harm (threshold " + thresholdMillis + " ms)");
        }
        boolean ok = p99Millis <= thresholdMillis;
        return new HealthFinding("p99 latency", ok, String.format(Locale.ROOT, "%.0f ms %s %d ms %s", p99Millis,
                ok ? "<=" : ">", thresholdMillis, span));
    }

    /** 2xx is healthy; anything else, or no answer ({@code status} null), is not. */
    public static HealthFinding http(String url, Integer status, String error) {
        if (status == null) {
            return new HealthFinding("health url", false, url + " did not answer: " + error);
        }
        boolean ok = status >= 200 && status < 300;
        return new HealthFinding("health url", ok, url + " answered " + status);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static String since(AlarmObservation o, Instant switchedAt) {
        if (switchedAt == null || o.stateChangedAt() == null) {
            return "";
        }
        return " (since " + o.stateChangedAt() + ", after the switch)";
    }
}
