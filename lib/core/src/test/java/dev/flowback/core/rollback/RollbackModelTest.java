package dev.flowback.core.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.rollback.HealthRules.AlarmObservation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests, settings, health rules and failure causes: the chain's pure pieces. */
class RollbackModelTest {
    @Test
    void aRequestDefaultsToAManualRealRollback() throws Exception {
        RollbackRequest r = RollbackRequest.parse(Json.MAPPER.readTree(
                "{\"workflow_id\": \"wf-abc123\", \"environment\": \"prod\", \"target_version\": \"last-known-good\"}"));
        assertEquals("last-known-good", r.target().toString());
        assertFalse(r.force() || r.dryRun());
        assertEquals(RollbackTrigger.MANUAL, r.trigger());
        assertEquals("unknown", r.requestedBy());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RollbackRequest.parse(Json.MAPPER.readTree("\"wf-abc123\"")));
        assertEquals("input", e.problems().get(0).field());
    }

    @Test
    void settingsDefaultToTheDocumentedThresholdsAndPolicy() {
        HealthSettings d = HealthSettings.defaults();
        assertEquals(0.05, d.errorRateThreshold());
        assertEquals(1000, d.p99ThresholdMillis());
        assertEquals(VerifyFailurePolicy.HOLD_AND_MARK_BAD, d.onVerifyFailure());
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertEquals("health.error_rate_threshold", field(() -> HealthSettings.defaults().withThresholds(5, 1000)));
        assertEquals("health.p99_threshold_ms", field(() -> HealthSettings.defaults().withThresholds(0.05, 0)));
        assertEquals("health.health_url", field(() -> HealthSettings.defaults().withHealthUrl("ftp://x/health")));
        assertEquals("health.drain_timeout_seconds", field(() -> HealthSettings.defaults()
                .withWaits(Duration.ofHours(2), Duration.ZERO, Duration.ofSeconds(5))));
        assertEquals("engine.version", field(() -> Environment.of("wf-abc123", "prod", "flowback-engine", "two",
                null)));
        assertEquals("environment", field(() -> Environment.of("wf-abc123", "Prod", "flowback-engine", "2.0.0",
                null)));
    }

    private static String field(Runnable build) {
        return assertThrows(InvalidInputException.class, build::run).problems().get(0).field();
    }

    @Test
    void insufficientDataIsNotAlarmAndAMissingAlarmIsSaid() {
        HealthFinding quiet = HealthRules.alarms(List.of("a"), List.of(new AlarmObservation("a",
                "INSUFFICIENT_DATA")));
        assertTrue(quiet.healthy());
        HealthFinding missing = HealthRules.alarms(List.of("a", "b"), List.of(new AlarmObservation("a", "OK"),
                new AlarmObservation("b", null)));
        assertTrue(missing.healthy());
        assertTrue(missing.detail().contains("not found: b"), missing.detail());
    }

    @Test
    void thresholdsAreInclusiveAndSilenceIsNoEvidence() {
        assertTrue(HealthRules.errorRate(1000.0, 50.0, 0.05).healthy(), "exactly 5 % passes");
        assertFalse(HealthRules.errorRate(1000.0, 51.0, 0.05).healthy());
        assertTrue(HealthRules.errorRate(0.0, 3.0, 0.05).healthy(), "no requests: nothing to judge");
        assertTrue(HealthRules.p99(1000.0, 1000).healthy());
        assertFalse(HealthRules.p99(1000.5, 1000).healthy());
        assertTrue(HealthRules.p99(null, 1000).healthy());
        assertFalse(HealthRules.http("http://x", null, "refused").healthy());
        assertFalse(HealthRules.http("http://x", 302, null).healthy());
    }

    @Test
    void combinedReportsKeepEveryFindingAndTheFirstFigures() {
        HealthReport a = HealthReport.of("t", List.of(new HealthFinding("alarms", true, "none")), 0.01, 200.0,
                List.of(), null);
        HealthReport b = HealthReport.of("t", List.of(new HealthFinding("health url", false, "503")), null, null,
                List.of(), 503);
        HealthReport both = HealthReport.combine("t", List.of(a, b));
        assertFalse(both.healthy());
        assertEquals(0.01, both.errorRate());
        assertEquals(503, both.httpStatus());
        assertTrue(both.summary().startsWith("unhealthy (alarms ok: none; health url FAILED: 503)"), both.summary());
        assertTrue(HealthReport.combine("t", List.of()).summary().contains("no health checks configured"));
    }

    @Test
    void aFailureMessageComesOutOfEitherCauseFormat() {
        String type = "dev.flowback.core.error.DrainTimeoutException";
        assertEquals("late", new StepFailure(type, "{\"errorType\": \"x\", \"errorMessage\": \"late\"}").message());
        assertEquals("late", new StepFailure(type, type + ": late").message());
        assertEquals("States.Timeout", new StepFailure("States.Timeout", null).message());
        assertEquals("DrainTimeoutException", new StepFailure(type, null).shortError());
        assertNull(new RollbackTicket("e", "2026-11-26T10:00:00Z", "wf", "prod", null, null, 0, "v1", null, "v1", 0,
                false, false, null, null, null).from());
    }
}
