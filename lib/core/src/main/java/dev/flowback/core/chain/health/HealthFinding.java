package dev.flowback.core.chain.health;

/** One health check's verdict with the figure behind it, e.g. ("error rate", false, "7.1 % > 5.0 %"). */
public record HealthFinding(String check, boolean healthy, String detail) {
    @Override
    public String toString() {
        return check + (healthy ? " ok" : " FAILED") + ": " + detail;
    }
}
