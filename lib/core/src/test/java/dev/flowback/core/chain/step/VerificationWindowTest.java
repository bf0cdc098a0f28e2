package dev.flowback.core.chain.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.health.HealthRules.AlarmObservation;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verification window judged on evidence from after the switch, on in-memory ports with a movable clock: the
 * rollback an alarm started begins with that alarm in ALARM, and must not fail for it at its first check.
 */
class VerificationWindowTest {
    private static final WorkflowId WF = WorkflowId.of("wf-window");
    private static final EnvironmentRef REF = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final String ALARM = "wf-window-errors";

    private InMemoryPorts mem;
    private final List<HealthQuery> queries = new ArrayList<>();
    /** What CloudWatch says about the alarm, given the check's query (its switch time). */
    private Function<HealthQuery, AlarmObservation> alarm;

    @BeforeEach
    void environment() {
        mem = new InMemoryPorts();
        alarm = q -> new AlarmObservation(ALARM, "OK", q.switchedAt().minusSeconds(3600));
        HealthProbe probe = query -> {
            queries.add(query);
            List<AlarmObservation> seen = List.of(alarm.apply(query));
            return HealthReport.of(mem.clock.instant(),
                    List.of(HealthRules.alarms(List.of(ALARM), seen, query.switchedAt())), null, null,
                    HealthRules.inAlarm(seen), HealthRules.pendingAlarms(seen, query.switchedAt()), null);
        };
        mem.probe = probe;
        // A two-minute window from the switch, checked every 30 s.
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of(ALARM)).build())
                .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ofMinutes(2), Duration.ofSeconds(30))),
                mem.clock.instant());
        mem.publishVersions(WF, "v1", "v2");
    }

    /** Runs the chain up to and including the switch; the clock then moves on by {@code afterSwitch}. */
    private RollbackTicket switchTo(String exec, String target, String trigger, Duration afterSwitch) {
        JsonObject request = new JsonObject().with("workflow_id", WF.value()).with("environment", "prod")
                .with("target_version", target).with("trigger", trigger);
        RollbackTicket ticket = mem.snapshot().run(new SnapshotInput(request, exec, mem.clock.instant().toString()));
        mem.validate().run(ticket);
        mem.switchStep().run(ticket, mem.pause().run(ticket));
        mem.clock.advance(afterSwitch);
        return ticket;
    }

    /** Every check of the window as the state machine runs it: wait what the last check said, check again. */
    private List<HealthWindow> watch(RollbackTicket ticket) {
        List<HealthWindow> windows = new ArrayList<>();
        HealthWindow window = new HealthWindow(0, null, false, false, 0, null, null, false);
        do {
            if (!windows.isEmpty()) {
                mem.clock.advance(Duration.ofSeconds(window.nextCheckInSeconds()));
            }
            window = mem.checkHealth().run(ticket, window);
            windows.add(window);
        } while (!window.done());
        return windows;
    }

    /** v1 then v2 deployed (each watched, then its lock let go), then an alarm's rollback switched back to v1. */
    private RollbackTicket liveV2ThenAlarmRollbackToV1() {
        for (String v : List.of("v1", "v2")) {
            watch(switchTo("exec-" + v, v, "manual", Duration.ofSeconds(1)));
            mem.environments.releaseLock(REF, "exec-" + v);
        }
        queries.clear();
        return switchTo("exec-alarm", "v1", "alarm", Duration.ofSeconds(3));
    }

    @Test
    void theProbeIsAskedAboutTheTimeSinceTheRecordedSwitchAndTheWindowStartsThere() {
        RollbackTicket ticket = liveV2ThenAlarmRollbackToV1();
        Instant switchedAt = mem.journal.record("exec-alarm").switchedAt();

        List<HealthWindow> windows = watch(ticket);
        assertEquals(List.of(switchedAt), queries.stream().map(HealthQuery::switchedAt).distinct().toList(),
                "every check judges from the recorded switch, not from its own time");
        assertEquals(switchedAt.plus(Duration.ofMinutes(2)), windows.get(0).deadline());
        assertEquals(switchedAt, windows.get(0).switchedAt());
        assertEquals(List.of(30L, 30L, 30L, 27L, 0L), windows.stream().map(HealthWindow::nextCheckInSeconds).toList(),
                "checks 3, 33, 63, 93 and 120 s after the switch: the last one when the window ends");
    }

    @Test
    void theAlarmThatStartedTheRollbackIsPendingEarlyAndTheRollbackSucceedsWhenItRecovers() {
        RollbackTicket ticket = liveV2ThenAlarmRollbackToV1();
        Instant fired = mem.journal.record("exec-alarm").switchedAt().minusSeconds(240);
        // In ALARM since before the switch for the first minute after it, then OK on v1's data.
        alarm = q -> mem.clock.instant().isBefore(q.switchedAt().plusSeconds(60))
                ? new AlarmObservation(ALARM, "ALARM", fired)
                : new AlarmObservation(ALARM, "OK", q.switchedAt().plusSeconds(60));

        List<HealthWindow> windows = watch(ticket);
        HealthWindow first = windows.get(0);
        assertTrue(first.healthy() && !first.done(), "pending is not failed: " + first.last().summary());
        assertEquals(List.of(ALARM), first.last().alarmsPending());
        assertEquals(5, windows.size(), "the whole window ran");
        HealthWindow last = windows.get(windows.size() - 1);
        assertTrue(last.healthy() && last.done(), last.last().summary());

        RollbackOutcome outcome = mem.verify().run(ticket, null, last);
        assertEquals(RollbackStatus.SUCCEEDED, outcome.status());
        assertEquals(VersionStatus.GOOD, mem.registry.get(WF, VersionId.of("v1")).status(),
                "the last-known-good target is not marked BAD for the alarm v2 raised");
    }

    @Test
    void theSameAlarmStillInAlarmWhenTheWindowEndsFailsAtTheLastCheck() {
        RollbackTicket ticket = liveV2ThenAlarmRollbackToV1();
        Instant fired = mem.journal.record("exec-alarm").switchedAt().minusSeconds(240);
        alarm = q -> new AlarmObservation(ALARM, "ALARM", fired);

        List<HealthWindow> windows = watch(ticket);
        assertEquals(5, windows.size(), "no check before the last one fails on it");
        windows.subList(0, 4).forEach(w -> assertTrue(w.healthy() && !w.done(), w.last().summary()));
        HealthWindow last = windows.get(4);
        assertTrue(last.done());
        assertFalse(last.healthy());
        assertTrue(last.last().summary().contains("alarm recovery FAILED: " + ALARM + " still in ALARM when the"
                + " verification window ended"), last.last().summary());
        assertEquals(List.of(ALARM), last.last().alarmsInAlarm());
    }

    @Test
    void anAlarmThatGoesIntoAlarmAfterTheSwitchFailsTheCheckThatSeesIt() {
        RollbackTicket ticket = liveV2ThenAlarmRollbackToV1();
        // Quiet for the first 40 s, then ALARM on v1's own data.
        alarm = q -> mem.clock.instant().isBefore(q.switchedAt().plusSeconds(40))
                ? new AlarmObservation(ALARM, "OK", q.switchedAt().minusSeconds(3600))
                : new AlarmObservation(ALARM, "ALARM", q.switchedAt().plusSeconds(40));

        List<HealthWindow> windows = watch(ticket);
        assertEquals(3, windows.size(),
                "the checks 3 and 33 s after the switch pass, the one at 63 s fails and ends the window");
        HealthWindow failed = windows.get(2);
        assertTrue(failed.done());
        assertFalse(failed.healthy());
        assertEquals(List.of(), failed.last().alarmsPending());
        assertTrue(failed.last().summary().contains("after the switch) in ALARM"), failed.last().summary());
    }

    @Test
    void aZeroWindowIsOneCheckAndThatCheckIsTheLast() {
        mem.environments.updateSettings(Environment.of(REF, "flowback-engine", "2.4.1")
                .withHealth(HealthSignals.builder().alarms(List.of(ALARM)).build())
                .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30))),
                mem.clock.instant());
        RollbackTicket ticket = switchTo("exec-zero", "v1", "alarm", Duration.ZERO);
        alarm = q -> new AlarmObservation(ALARM, "ALARM", q.switchedAt().minusSeconds(60));

        List<HealthWindow> windows = watch(ticket);
        assertEquals(1, windows.size());
        assertFalse(windows.get(0).healthy(), "no window to recover in: documented, so alarms need a window");
    }

    @Test
    void theWindowStartsAtTheRecordedSwitchEvenWhenTheFirstCheckComesLate() {
        RollbackTicket ticket = switchTo("exec-late-check", "v1", "manual", Duration.ofSeconds(45));
        Instant switchedAt = mem.journal.record("exec-late-check").switchedAt();
        HealthWindow window = mem.checkHealth().run(ticket, null);
        assertEquals(switchedAt, window.switchedAt(), "not the check's own time");
        assertEquals(switchedAt.plus(Duration.ofMinutes(2)), window.deadline());
        assertNotNull(queries.get(0).switchedAt());
    }
}
