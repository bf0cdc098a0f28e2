package dev.flowback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AutomaticStart;
import dev.flowback.core.trigger.model.AutomationFreeze;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.InsufficientDataPolicy;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerDecisions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rules every implementation of the trigger's ports (and the chain's holds) keeps: the in-memory ports the
 * trigger's tests run on, and the DynamoDB adapters on dynalite. Each test works in a workflow of its own.
 */
public abstract class TriggerPortsContract {
    protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    protected abstract VersionHolds holds();

    protected abstract AlarmMappings mappings();

    protected abstract AutomationStore automation();

    protected abstract TriggerDecisions decisions();

    private static EnvironmentRef fresh() {
        return EnvironmentRef.of("wf-trig-" + WORKFLOWS.incrementAndGet() + "-" + System.nanoTime() % 100000, "prod");
    }

    private static AlarmEvidence evidence(String alarm, Instant at) {
        return new AlarmEvidence(alarm, AlarmState.ALARM, "Threshold Crossed: 1 out of the last 1 datapoints [300.5"
                + " (26/11/26 09:59:00)] was greater than the threshold (250.0)", at, List.of(300.5, -1.25e-3),
                250.0);
    }

    @Test
    void aHoldIsPlacedOnceKeptAgainstOthersAndLiftedWithWhoLiftedIt() {
        EnvironmentRef ref = fresh();
        VersionId v2 = VersionId.of("v2");
        VersionHold hold = VersionHold.placed(ref, v2, "alarm-latency-1", T0, "alarm latency entered ALARM");
        assertTrue(holds().place(hold));
        assertTrue(holds().place(hold), "the same placement again is a no-op that still holds");
        assertFalse(holds().place(VersionHold.placed(ref, v2, "alarm-errors-2", T0.plusSeconds(5), "other")),
                "another rollback does not replace an active hold");
        assertEquals(hold, holds().find(ref, v2).orElseThrow(), "every field round-trips");
        assertTrue(holds().find(ref, VersionId.of("v1")).isEmpty());
        assertTrue(holds().find(new EnvironmentRef(ref.workflow(), EnvironmentName.of("staging")), v2).isEmpty());

        assertTrue(holds().lift(ref, v2, "alice", T0.plusSeconds(60)));
        assertFalse(holds().lift(ref, v2, "bob", T0.plusSeconds(61)), "a lifted hold is not lifted twice");
        VersionHold lifted = holds().find(ref, v2).orElseThrow();
        assertFalse(lifted.isActive());
        assertEquals("alice", lifted.liftedBy());
        assertEquals(T0.plusSeconds(60), lifted.liftedAt());
        assertFalse(holds().place(hold), "a repeat of the rollback that placed it does not undo the person's lift");
        assertFalse(holds().find(ref, v2).orElseThrow().isActive());

        VersionHold again = VersionHold.placed(ref, v2, "alarm-latency-3", T0.plusSeconds(900), "later alarm");
        assertTrue(holds().place(again), "a later automatic rollback holds a lifted version again");
        assertEquals(again, holds().find(ref, v2).orElseThrow());
        holds().place(VersionHold.placed(ref, VersionId.of("v10"), "alarm-x", T0, ""));
        assertEquals(List.of("v10", "v2"), holds().list(ref).stream().map(h -> h.version().value()).toList());
        assertFalse(holds().lift(ref, VersionId.of("v9"), "alice", T0));
    }

    @Test
    void anAlarmMapsToOneEnvironmentAndEverySettingRoundTrips() {
        EnvironmentRef ref = fresh();
        AlarmMapping latency = new AlarmMapping("orders latency/high #1", ref, InsufficientDataPolicy.ROLLBACK,
                Duration.ofMinutes(7), true, T0, "alice");
        mappings().create(latency);
        assertEquals(latency, mappings().find("orders latency/high #1").orElseThrow());
        assertThrows(VersionConflictException.class, () -> mappings().create(AlarmMapping.of(
                "orders latency/high #1", fresh(), T0, "bob")), "an alarm speaks for one environment");
        assertEquals(ref, mappings().find("orders latency/high #1").orElseThrow().environment(),
                "the refused mapping changed nothing");

        AlarmMapping errors = AlarmMapping.of("orders-errors", ref, T0, "alice");
        mappings().create(errors);
        mappings().create(AlarmMapping.of("other-" + ref.workflow(), fresh(), T0, "alice"));
        assertEquals(List.of(latency, errors), mappings().list(ref), "by alarm name (' ' sorts before '-')");

        assertTrue(mappings().remove("orders-errors"));
        assertFalse(mappings().remove("orders-errors"));
        assertTrue(mappings().find("orders-errors").isEmpty());
        assertEquals(List.of(latency), mappings().list(ref));
        mappings().create(AlarmMapping.of("orders-errors", fresh(), T0, "carol"));
        assertTrue(mappings().list(ref).stream().noneMatch(m -> m.alarmName().equals("orders-errors")),
                "remapped elsewhere, it is no longer listed here");
        mappings().remove("orders latency/high #1");
        mappings().remove("orders-errors");
    }

    @Test
    void automationStateIsWrittenOnlyOverTheRevisionItWasReadAt() {
        EnvironmentRef ref = fresh();
        assertTrue(automation().find(ref).isEmpty());
        AutomationState initial = automation().get(ref);
        assertEquals(0, initial.revision());
        assertEquals(AutomationPolicy.defaults(), initial.policy());

        AutomationState first = initial.withStart(new AutomaticStart("alarm-a-1", T0, "a", VersionId.of("v2")));
        assertTrue(automation().save(first));
        assertFalse(automation().save(first), "a second writer of revision 1 loses");
        assertFalse(automation().save(initial.withPolicy(new AutomationPolicy(Duration.ZERO, 9))),
                "a writer that read before the first write loses");
        AutomationState policy = first.withPolicy(new AutomationPolicy(Duration.ofMinutes(2), 5));
        AutomationState frozen = policy.withStart(new AutomaticStart("alarm-b-2", T0.plusSeconds(200), "b", null))
                .frozenBy(new AutomationFreeze(T0.plusSeconds(300), "cap", "3 in an hour", "b"));
        assertTrue(automation().save(policy));
        assertFalse(automation().save(frozen), "two revisions ahead is not the next write");
        AutomationState next = policy.withStart(new AutomaticStart("alarm-b-2", T0.plusSeconds(200), "b", null));
        assertTrue(automation().save(next));
        AutomationState freeze = next.frozenBy(new AutomationFreeze(T0.plusSeconds(300), "cap", "3 in an hour", "b"));
        assertTrue(automation().save(freeze));
        assertEquals(freeze, automation().get(ref), "every field round-trips");

        AutomationState resumed = freeze.resumed("alice", T0.plusSeconds(400));
        assertTrue(automation().save(resumed));
        AutomationState read = automation().get(ref);
        assertEquals(resumed, read);
        assertNull(read.freeze());
        assertEquals(5, read.revision());
    }

    @Test
    void decisionsAreKeptPerEnvironmentNewestFirstWithTheirEvidence() {
        EnvironmentRef ref = fresh();
        TriggerDecision started = new TriggerDecision(T0.plusMillis(1500), AlarmDelivery.SNS, "msg-1",
                Decision.STARTED, TriggerRule.ROLLBACK, "rolling back", evidence("latency", T0), ref,
                "alarm-latency-abc", "arn:aws:states:us-east-1:123456789012:execution:rollback:alarm-latency-abc",
                VersionId.of("v2"), T0.minusSeconds(600), false);
        TriggerDecision repeat = new TriggerDecision(T0.plusSeconds(2), AlarmDelivery.EVENTBRIDGE, "evt-1",
                Decision.DEDUPLICATED, TriggerRule.REPEAT, "already", evidence("latency", T0), ref,
                "alarm-latency-abc", null, VersionId.of("v2"), null, false);
        TriggerDecision froze = new TriggerDecision(T0.plusSeconds(10), AlarmDelivery.LAMBDA_ACTION, "req-9",
                Decision.FROZEN, TriggerRule.CAP, "frozen", evidence("errors", T0.plusSeconds(9)), ref, "alarm-x",
                null, VersionId.of("v1"), T0, true);
        decisions().record(repeat);
        decisions().record(started);
        decisions().record(froze);
        decisions().record(started);
        TriggerDecision unmapped = new TriggerDecision(T0.plusSeconds(3), AlarmDelivery.UNKNOWN, "req-0",
                Decision.REFUSED, TriggerRule.DELIVERY_UNREADABLE, "unreadable", null, null, null, null, null, null,
                false);
        decisions().record(unmapped);

        assertEquals(List.of(froze, repeat, started), decisions().recent(ref, 10), "newest first; every field"
                + " round-trips; the repeated record was not added twice");
        assertEquals(List.of(froze), decisions().recent(ref, 1));
        assertTrue(decisions().unrouted(100).contains(unmapped));
        assertTrue(decisions().unrouted(100).stream().noneMatch(d -> ref.equals(d.environment())));
        assertEquals(List.of(), decisions().recent(fresh(), 10));
    }
}
