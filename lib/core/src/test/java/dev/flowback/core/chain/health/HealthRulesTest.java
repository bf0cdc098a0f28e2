package dev.flowback.core.chain.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthRules.AlarmObservation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timing rules that keep pre-switch evidence from judging the target; pure, no clock, no I/O. */
class HealthRulesTest {
    private static final Instant SWITCHED = Instant.parse("2026-11-26T10:00:05Z");
    private static final List<String> ALARMS = List.of("wf-errors");

    private static AlarmObservation errors(String state, Instant changedAt) {
        return new AlarmObservation("wf-errors", state, changedAt);
    }

    @Test
    void anAlarmStillInAlarmFromBeforeTheSwitchIsPendingNotFailed() {
        List<AlarmObservation> seen = List.of(errors("ALARM", SWITCHED.minusSeconds(120)));

        HealthFinding finding = HealthRules.alarms(ALARMS, seen, SWITCHED);
        assertTrue(finding.healthy(), finding.toString());
        assertTrue(finding.detail().startsWith("pending: wf-errors (since 2026-11-26T09:58:05Z) in ALARM since"
                + " before the switch"), finding.detail());
        assertEquals(List.of("wf-errors"), HealthRules.pendingAlarms(seen, SWITCHED));
        assertEquals(List.of("wf-errors"), HealthRules.inAlarm(seen), "the figure still shows it in ALARM");
    }

    @Test
    void anAlarmThatWentIntoAlarmAfterTheSwitchFailsAtOnce() {
        List<AlarmObservation> seen = List.of(errors("ALARM", SWITCHED.plusSeconds(70)));

        HealthFinding finding = HealthRules.alarms(ALARMS, seen, SWITCHED);
        assertFalse(finding.healthy());
        assertEquals("wf-errors (since 2026-11-26T10:01:15Z, after the switch) in ALARM", finding.detail());
        assertEquals(List.of(), HealthRules.pendingAlarms(seen, SWITCHED));
    }

    @Test
    void anAlarmInAlarmAtAnUnknownTimeOrWithoutASwitchTimeFails() {
        assertFalse(HealthRules.alarms(ALARMS, List.of(errors("ALARM", null)), SWITCHED).healthy(),
                "no state time: it cannot be shown to predate the switch");
        assertFalse(HealthRules.alarms(ALARMS, List.of(errors("ALARM", SWITCHED.minusSeconds(600)))).healthy(),
                "no switch time: every ALARM counts");
        assertFalse(HealthRules.alarms(ALARMS, List.of(errors("ALARM", SWITCHED)), SWITCHED).healthy(),
                "a change at the switch instant is not before it");
    }

    @Test
    void quietAndRecoveredAlarmsPassWhateverTheirTime() {
        assertTrue(HealthRules.alarms(ALARMS, List.of(errors("OK", SWITCHED.plusSeconds(60))), SWITCHED).healthy());
        assertTrue(HealthRules.alarms(ALARMS, List.of(errors("INSUFFICIENT_DATA", SWITCHED.plusSeconds(1))),
                SWITCHED).healthy(), "missing data is not evidence of harm");
    }

    @Test
    void aFailingAndAPendingAlarmAreBothNamedAndTheFindingFails() {
        List<AlarmObservation> seen = List.of(errors("ALARM", SWITCHED.minusSeconds(30)),
                new AlarmObservation("wf-latency", "ALARM", SWITCHED.plusSeconds(30)),
                new AlarmObservation("wf-typo", null, null));
        HealthFinding finding = HealthRules.alarms(List.of("wf-errors", "wf-latency", "wf-typo"), seen, SWITCHED);

        assertFalse(finding.healthy());
        assertTrue(finding.detail().startsWith("wf-latency (since 2026-11-26T10:00:35Z, after the switch) in ALARM;"
                + " pending: wf-errors"), finding.detail());
        assertTrue(finding.detail().endsWith("; not found: wf-typo (CloudWatch reports a missing alarm as OK; a"
                + " configured alarm must exist)"), finding.detail());
    }

    @Test
    void theWindowsLastCheckFailsAnAlarmStillPendingAndLeavesOthersAlone() {
        HealthReport pending = HealthReport.of(Instant.parse("2026-11-26T10:02:05Z"),
                List.of(HealthRules.alarms(ALARMS, List.of(errors("ALARM", SWITCHED.minusSeconds(90))), SWITCHED)),
                null, null, List.of("wf-errors"), List.of("wf-errors"), null);
        assertTrue(pending.healthy(), "while the window runs");

        HealthReport over = HealthRules.windowOver(pending);
        assertFalse(over.healthy());
        assertEquals(List.of("wf-errors"), over.alarmsInAlarm());
        assertEquals(List.of(), over.alarmsPending(), "decided now: no longer pending");
        HealthFinding last = over.findings().get(over.findings().size() - 1);
        assertEquals("alarm recovery", last.check());
        assertFalse(last.healthy());
        assertTrue(last.detail().startsWith("wf-errors still in ALARM when the verification window ended"),
                last.detail());

        HealthReport clean = HealthReport.of(SWITCHED, List.of(new HealthFinding("alarms", true, "none of 1 in ALARM")),
                null, null, List.of(), null);
        assertSame(clean, HealthRules.windowOver(clean));
    }

    @Test
    void metricFindingsSayWhatSpanTheyMeasuredAndThatSilenceIsNoEvidence() {
        HealthFinding none = HealthRules.errorRate(null, null, 0.05, "since the switch at " + SWITCHED);
        assertTrue(none.healthy());
        assertEquals("no requests since the switch at 2026-11-26T10:00:05Z: missing data is not evidence of harm"
                + " (threshold 5.0 %)", none.detail());
        HealthFinding bad = HealthRules.errorRate(1000.0, 71.0, 0.05, "over 2 min since the switch");
        assertFalse(bad.healthy());
        assertEquals("7.1 % > 5.0 % over 2 min since the switch", bad.detail());
        assertTrue(HealthRules.p99(null, 1000, "since the switch").detail().contains("missing data is not evidence"));
        assertFalse(HealthRules.p99(1000.5, 1000, "since the switch").healthy());
    }

    @Test
    void combiningReportsKeepsThePendingAlarms() {
        HealthReport cloudWatch = HealthReport.of(SWITCHED, List.of(new HealthFinding("alarms", true, "pending: a")),
                null,
                null, List.of("a"), List.of("a"), null);
        HealthReport http = HealthReport.of(SWITCHED, List.of(new HealthFinding("health url", true, "200")), null, null,
                List.of(), 200);
        HealthReport both = HealthReport.combine(SWITCHED, List.of(cloudWatch, http));
        assertTrue(both.healthy());
        assertEquals(List.of("a"), both.alarmsPending());
        assertEquals(200, both.httpStatus());
    }
}
