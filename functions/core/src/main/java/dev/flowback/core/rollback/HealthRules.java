package dev.flowback.core.rollback;

import java.util.List;
import java.util.Locale;

/**
 * How raw observations become verdicts. Pure, so the rules are tested without any monitoring service.
 *
 * <p>Missing data is not evidence of harm: a metric with no data points right after a switch, or an alarm in
 * INSUFFICIENT_DATA, passes (and says so). Failing on silence is what makes other tools roll back healthy releases.
 */
public final class HealthRules {
    private HealthRules() {
    }

    /** An alarm and the state CloudWatch reports for it (OK, ALARM, INSUFFICIENT_DATA) or null when it does not exist. */
    public record AlarmObservation(String name, String state) {
    }

    public static HealthFinding alarms(List<String> configured, List<AlarmObservation> observed) {
        List<String> inAlarm = inAlarm(observed);
        List<String> missing = configured.stream()
                .filter(name -> observed.stream().noneMatch(o -> o.name().equals(name) && o.state() != null))
                .toList();
        String detail = inAlarm.isEmpty() ? "none of " + configured.size() + " in ALARM"
                : String.join(", ", inAlarm) + " in ALARM";
        if (!missing.isEmpty()) {
            // A misspelt alarm name would otherwise pass for ever without anyone noticing.
            detail += "; not found: " + String.join(", ", missing);
        }
        return new HealthFinding("alarms", inAlarm.isEmpty(), detail);
    }

    public static List<String> inAlarm(List<AlarmObservation> observed) {
        return observed.stream().filter(o -> "ALARM".equals(o.state())).map(AlarmObservation::name).toList();
    }

    /** errors / requests against the threshold; no requests means nothing to judge. */
    public static HealthFinding errorRate(Double requests, Double errors, double threshold) {
        Double rate = errorRateOf(requests, errors);
        if (rate == null) {
            return new HealthFinding("error rate", true, "no requests in the period (threshold "
                    + percent(threshold) + ")");
        }
        boolean ok = rate <= threshold;
        return new HealthFinding("error rate", ok, percent(rate) + (ok ? " <= " : " > ") + percent(threshold));
    }

    public static Double errorRateOf(Double requests, Double errors) {
        if (requests == null || requests <= 0) {
            return null;
        }
        return (errors == null ? 0 : errors) / requests;
    }

    public static HealthFinding p99(Double p99Millis, long thresholdMillis) {
        if (p99Millis == null) {
            return new HealthFinding("p99 latency", true, "no data in the period (threshold " + thresholdMillis
                    + " ms)");
        }
        boolean ok = p99Millis <= thresholdMillis;
        return new HealthFinding("p99 latency", ok, String.format(Locale.ROOT, "%.0f ms %s %d ms", p99Millis,
                ok ? "<=" : ">", thresholdMillis));
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
}
