package dev.flowback.core.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.health.HealthRules.AlarmObservation;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.MessageBounds;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.testing.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requests, settings, health rules and failure causes: the chain's pure pieces. */
class RollbackModelTest {
    @Test
    void aRequestDefaultsToAManualRealRollback() throws Exception {
        RollbackRequest r = RollbackRequest.parse(new JsonObject().with("workflow_id", "wf-abc123")
                .with("environment", "prod").with("target_version", "last-known-good"));
        assertEquals("last-known-good", r.target().toString());
        assertFalse(r.force() || r.dryRun());
        assertEquals(RollbackTrigger.MANUAL, r.trigger());
        assertEquals("unknown", r.requestedBy());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RollbackRequest.parse("wf-abc123"));
        assertEquals("input", e.problems().get(0).field());
        assertTrue(e.getMessage().endsWith("got a string"), e.getMessage());
    }

    @Test
    void aFloodOfUnknownFieldsGivesABoundedCause() {
        // 29 KB of unknown fields once gave a 359 KB cause, past what Step Functions carries (32 KiB in a failure).
        JsonObject input = new JsonObject().with("workflow_id", "wf-abc123").with("environment", "prod")
                .with("target_version", "v1");
        for (int i = 0; i < 1000; i++) {
            input.with("unknown_" + i + "_\n" + "x".repeat(10), i);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RollbackRequest.parse(input));
        assertEquals(1000, e.problems().size(), "every problem is kept for the API to return");
        assertTrue(e.getMessage().length() <= MessageBounds.MAX_CAUSE, () -> "length " + e.getMessage().length());
        assertTrue(e.getMessage().startsWith("1000 problems: unknown field \"unknown_0_\\u000axxxxxxxxxx\" (known: "
                + "dry_run, environment, evidence, force, reason, requested_by, target_version, trigger, workflow_id);"
                + " unknown field \"unknown_1_"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; and 980 more"), e.getMessage());
    }

    @Test
    void causesAndQuotedValuesAreBounded() {
        String huge = "é".repeat(MessageBounds.MAX_CAUSE * 3);
        String capped = MessageBounds.cap(huge, MessageBounds.MAX_CAUSE);
        assertTrue(capped.length() <= MessageBounds.MAX_CAUSE, () -> "length " + capped.length());
        int kept = capped.indexOf('…');
        assertEquals(huge.substring(0, kept), capped.substring(0, kept));
        assertTrue(capped.endsWith("… (" + (huge.length() - kept) + " more characters left off)"),
                capped.substring(kept));
        assertEquals("short", MessageBounds.cap("short", 10));
        // A surrogate pair is never cut in half.
        String emoji = "a" + "\uD83D\uDE00".repeat(100);
        String cut = MessageBounds.cap(emoji, 50);
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.indexOf('…') - 1)), cut);
        // A failure's cause from outside Flowback (the Lambda service, a Fail state) is bounded too.
        StepFailure failure = new StepFailure("Lambda.Unknown", huge);
        assertEquals(capped, failure.message());
        assertEquals(capped, new InvalidInputException("r", "f", huge).getMessage());
    }

    @Test
    void aRequestWritesItsFieldsInTheDocumentedOrderAndParsesBackEqual() {
        for (String target : List.of("v1.4.2", "previous", "last-known-good", "latest")) {
            RollbackRequest request = RollbackRequest.parse(new JsonObject().with("workflow_id", "wf-abc123")
                    .with("environment", "prod").with("target_version", target).with("reason", "error rate up")
                    .with("force", true).with("dry_run", false).with("requested_by", "alice@example.com")
                    .with("trigger", "alarm"));

            Map<String, Object> fields = request.toFields();

            assertEquals(List.of("workflow_id", "environment", "target_version", "reason", "force", "dry_run",
                    "requested_by", "trigger"), List.copyOf(fields.keySet()));
            // evidence is the one field written only when there is some (an alarm's request)
            Set<String> written = new HashSet<>(fields.keySet());
            written.add("evidence");
            assertEquals(RollbackRequest.FIELDS, written);
            assertEquals(target, fields.get("target_version"));
            assertEquals(Boolean.TRUE, fields.get("force"));
            assertEquals("alarm", fields.get("trigger"));
            assertEquals(request, RollbackRequest.parse(fields));
        }
        RollbackRequest defaults = RollbackRequest.parse(new JsonObject().with("workflow_id", "wf-abc123")
                .with("environment", "prod").with("target_version", "previous"));
        assertEquals("", defaults.toFields().get("reason"));
        assertEquals("unknown", defaults.toFields().get("requested_by"));
        assertEquals("manual", defaults.toFields().get("trigger"));
        assertEquals(defaults, RollbackRequest.parse(defaults.toFields()));
    }

    @Test
    void settingsDefaultToTheDocumentedThresholdsAndPolicy() {
        HealthSignals d = HealthSignals.none();
        assertEquals(0.05, d.errorRateThreshold());
        assertEquals(1000, d.p99ThresholdMillis());
        assertFalse(d.anyConfigured());
        assertTrue(d.verificationNotice().orElseThrow().startsWith("no health signal is configured"),
                "reading an environment without signals says so");
        assertTrue(HealthSignals.builder().alarms(List.of("errors")).build().verificationNotice().isEmpty());
        assertTrue(HealthSignals.builder().healthUrl("https://engine.example/health").build().verificationNotice()
                .isEmpty());
        assertEquals(VerifyFailurePolicy.HOLD_AND_MARK_BAD, RolloutPolicy.defaults().onVerifyFailure());
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertEquals("health.error_rate_threshold", field(() -> HealthSignals.builder().thresholds(5, 1000).build()));
        assertEquals("health.p99_threshold_ms", field(() -> HealthSignals.builder().thresholds(0.05, 0).build()));
        assertEquals("health.health_url", field(() -> HealthSignals.builder().healthUrl("ftp://x/health").build()));
        assertEquals("rollout.drain_timeout_seconds", field(() -> RolloutPolicy.of(Duration.ofHours(2),
                Duration.ZERO, Duration.ofSeconds(5))));
        assertEquals("engine.version", field(() -> Environment.of(EnvironmentRef.of("wf-abc123", "prod"),
                "flowback-engine", "two")));
        assertEquals("environment", field(() -> EnvironmentRef.of("wf-abc123", "Prod")));
    }

    private static String field(Runnable build) {
        return assertThrows(InvalidInputException.class, build::run).problems().get(0).field();
    }

    @Test
    void insufficientDataIsNoEvidenceAndAMissingAlarmFails() {
        HealthFinding quiet = HealthRules.alarms(List.of("a"), List.of(new AlarmObservation("a",
                "INSUFFICIENT_DATA")));
        assertTrue(quiet.healthy());
        assertFalse(quiet.evidence(), "INSUFFICIENT_DATA says nothing about the version");
        HealthFinding ok = HealthRules.alarms(List.of("a"), List.of(new AlarmObservation("a", "OK")));
        assertTrue(ok.healthy() && ok.evidence());
        HealthFinding missing = HealthRules.alarms(List.of("a", "b"), List.of(new AlarmObservation("a", "OK"),
                new AlarmObservation("b", null)));
        assertFalse(missing.healthy(), "CloudWatch treats a missing alarm as OK: a misspelt one must not pass");
        assertTrue(missing.detail().contains("not found: b"), missing.detail());
    }

    @Test
    void thresholdsAreInclusiveAndSilenceIsNoEvidence() {
        assertTrue(HealthRules.errorRate(1000.0, 50.0, 0.05).healthy(), "exactly 5 % passes");
        assertFalse(HealthRules.errorRate(1000.0, 51.0, 0.05).healthy());
        assertTrue(HealthRules.errorRate(0.0, 3.0, 0.05).healthy(), "no requests: nothing to judge");
        assertFalse(HealthRules.errorRate(0.0, 3.0, 0.05).evidence(), "and no evidence either");
        assertTrue(HealthRules.p99(1000.0, 1000).healthy());
        assertFalse(HealthRules.p99(1000.5, 1000).healthy());
        assertTrue(HealthRules.p99(null, 1000).healthy());
        assertFalse(HealthRules.http("http://x", null, "refused").healthy());
        assertFalse(HealthRules.http("http://x", 302, null).healthy());
    }

    @Test
    void combinedReportsKeepEveryFindingAndTheFirstFigures() {
        HealthReport a = HealthReport.of(Instant.EPOCH, List.of(new HealthFinding("alarms", true, "none")), 0.01, 200.0,
                List.of(), null);
        HealthReport b = HealthReport.of(Instant.EPOCH, List.of(new HealthFinding("health url", false, "503")), null,
                null,
                List.of(), 503);
        HealthReport both = HealthReport.combine(Instant.EPOCH, List.of(a, b));
        assertFalse(both.healthy());
        assertEquals(0.01, both.errorRate());
        assertEquals(503, both.httpStatus());
        assertTrue(both.summary().startsWith("unhealthy (alarms ok: none; health url FAILED: 503)"), both.summary());
        assertTrue(HealthReport.combine(Instant.EPOCH, List.of()).summary().contains("no health signal configured"));
    }

    @Test
    void aFailureWithoutANameOrMessageIsStillNamedAndATicketKnowsAFirstDeployment() {
        String type = "dev.flowback.core.error.DrainTimeoutException";
        assertEquals(StepFailure.UNKNOWN, new StepFailure(null, null).error());
        assertEquals("States.Timeout", new StepFailure("States.Timeout", null).message());
        assertEquals("DrainTimeoutException", new StepFailure(type, null).shortError());
        RollbackTicket first = new RollbackTicket("e", Instant.parse("2026-11-26T10:00:00Z"), WorkflowId.of("wf"),
                EnvironmentName.of("prod"), null, null, 0, VersionId.of("v1"), new ContentHash("1".repeat(64)),
                VersionRef.of(VersionId.of("v1")), 0, false, false, null, null, RollbackTrigger.MANUAL, false);
        assertNull(first.fromVersion());
        assertFalse(first.movesAway());
        assertEquals("wf/prod from nothing to v1", first.describe());
    }
}
