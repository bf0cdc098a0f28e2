package dev.flowback.core.chain.health;

/**
 * One health check's verdict with the figure behind it, e.g. ("error rate", false, "7.1 % > 5.0 %").
 *
 * @param evidence the check saw something about the version being judged (an alarm in OK or ALARM on its traffic,
 *                 metric data points, an answer from the health URL). "No data" and "INSUFFICIENT_DATA" are healthy
 *                 but are not evidence: a version is GOOD only on evidence (see {@link HealthReport#evidence()})
 */
public record HealthFinding(String check, boolean healthy, String detail, boolean evidence) {
    /** A finding that is evidence either way: the common case. */
    public HealthFinding(String check, boolean healthy, String detail) {
        this(check, healthy, detail, true);
    }

    /** Healthy, but nothing was seen: missing data is not evidence of harm, nor of health. */
    public static HealthFinding noEvidence(String check, String detail) {
        return new HealthFinding(check, true, detail, false);
    }

    @Override
    public String toString() {
        return check + (healthy ? " ok" : " FAILED") + ": " + detail;
    }
}
