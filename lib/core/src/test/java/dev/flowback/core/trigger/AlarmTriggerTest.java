package dev.flowback.core.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.TargetRefusedException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.JsonObject;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.AlarmKind;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AlarmStateChange;
import dev.flowback.core.trigger.model.AutomaticStart;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.InsufficientDataPolicy;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.core.trigger.model.UnreadableDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trigger's rules on in-memory ports, with the chain's steps run in process for the executions it starts, so
 * what a rollback leaves (the pointer, GOOD and BAD marks, the record) is what the next decision sees. No I/O, a
 * movable clock, every rule.
 */
class AlarmTriggerTest {
    private static final WorkflowId WF = WorkflowId.of("wf-orders");
    private static final EnvironmentRef REF = new EnvironmentRef(WF, EnvironmentName.of("prod"));
    private static final String ALARM = "orders-latency-high";
    private static final String REASON = "Threshold Crossed: 1 out of the last 1 datapoints [300.0 (26/11/26"
            + " 10:09:00)] was greater than the threshold (250.0) (minimum 1 datapoint for OK -> ALARM transition).";

    private InMemoryPorts mem;
    private AlarmTrigger trigger;
    private final AtomicInteger deliveries = new AtomicInteger();
    private int manualRuns;

    @BeforeEach
    void v2LiveAfterV1() {
        mem = new InMemoryPorts();
        trigger = mem.trigger();
        // A health signal is configured: verified switches are evidence, so they mark their targets GOOD.
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1")
                .withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)))
                .withHealth(HealthSignals.builder().alarms(List.of(ALARM)).build()), mem.clock.instant());
        for (String v : List.of("v1", "v2", "v3", "v4", "v5", "v6")) {
            publish(v);
        }
        deploy("v1");
        deploy("v2");
        mem.controls().map(AlarmMapping.of(ALARM, REF, mem.clock.instant(), "alice"));
        mem.clock.advance(Duration.ofMinutes(10));
    }

    private void publish(String version) {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"flowback-engine\","
                + " \"version\": \"^2.1.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"},"
                + " {\"id\": \"llm\", \"type\": \"llm\", \"params\": {\"prompt\": \"" + version + "\"}}],"
                + " \"edges\": [{\"from\": \"start\", \"to\": \"llm\"}]}";
        mem.registry.publish(PublishRequest.of(WF, VersionId.of(version), json.getBytes(StandardCharsets.UTF_8),
                "test", ""));
    }

    /** A person deploys {@code version} through the chain (manual trigger). */
    private RollbackOutcome deploy(String version) {
        return run("manual-" + ++manualRuns, new JsonObject().with("workflow_id", WF.value()).with("environment",
                "prod").with("target_version", version).with("requested_by", "alice"));
    }

    /** The chain's happy path in process, as the state machine runs it for {@code executionId}. */
    private RollbackOutcome run(String executionId, Map<String, Object> input) {
        String startedAt = mem.clock.instant().toString();
        RollbackTicket ticket = null;
        try {
            ticket = mem.snapshot().run(new SnapshotInput(input, executionId, startedAt));
            mem.validate().run(ticket);
            DrainStatus drain = mem.pause().run(ticket);
            SwitchResult switched = mem.switchStep().run(ticket, drain);
            HealthWindow window = mem.checkHealth().run(ticket, null);
            return mem.verify().run(ticket, switched, window);
        } catch (RuntimeException e) {
            // As the state machine's Catch does: compensate, then the execution fails.
            mem.compensate().run(new CompensationInput(input, ticket, null, new StepFailure(e.getClass().getName(),
                    e.getMessage()), executionId, startedAt));
            throw e;
        }
    }

    /** Runs the execution the trigger started, as Step Functions would. */
    private RollbackOutcome runStarted(TriggerDecision started) {
        RollbackRequest request = mem.executions.started.get(started.executionName());
        return run(started.executionArn(), request.toFields());
    }

    private AlarmStateChange change(AlarmState state, Instant at, AlarmDelivery path) {
        return new AlarmStateChange(path, "delivery-" + deliveries.incrementAndGet(), ALARM,
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + ALARM, AlarmKind.METRIC, state,
                state == AlarmState.ALARM ? REASON : "Threshold Crossed: no datapoints were breaching", at,
                state == AlarmState.ALARM ? AlarmState.OK : AlarmState.ALARM, at.minusSeconds(600));
    }

    private AlarmStateChange alarmNow() {
        return change(AlarmState.ALARM, mem.clock.instant().minusSeconds(2), AlarmDelivery.LAMBDA_ACTION);
    }

    private VersionId live() {
        return mem.environments.get(REF).pointer().activeVersion();
    }

    private VersionStatus status(String version) {
        return mem.registry.get(WF, VersionId.of(version)).status();
    }

    @Test
    void aFreshAlarmStartsOneRollbackToLastKnownGoodWithItsEvidenceAndHoldsTheLiveVersion() {
        AlarmStateChange change = alarmNow();
        TriggerDecision d = trigger.handle(change);

        assertEquals(Decision.STARTED, d.decision(), d.message());
        assertEquals(TriggerRule.ROLLBACK, d.rule());
        assertEquals(AlarmTrigger.executionName(REF, change.evidence()), d.executionName());
        assertTrue(d.executionName().matches("[A-Za-z0-9_-]{1,80}"), d.executionName());
        RollbackRequest request = mem.executions.started.get(d.executionName());
        assertEquals("last-known-good", request.target().toString());
        assertEquals(RollbackTrigger.ALARM, request.trigger());
        assertFalse(request.force());
        assertEquals(new AlarmEvidence(ALARM, AlarmState.ALARM, REASON, change.stateChangedAt(), List.of(300.0),
                250.0), request.evidence(), "the figures behind the alarm, as numbers");
        assertTrue(d.message().contains("to last-known-good (v1 now)"), d.message());

        VersionHold hold = mem.holds.find(REF, VersionId.of("v2")).orElseThrow();
        assertTrue(hold.isActive());
        assertEquals(d.executionName(), hold.placedBy());
        assertEquals(List.of(d), mem.announcements.announced, "a start is announced");
        assertEquals(List.of(d), mem.controls().decisions(REF, 10), "and recorded");

        RollbackOutcome outcome = runStarted(d);
        assertEquals(RollbackStatus.SUCCEEDED, outcome.status(), outcome.message());
        assertEquals(VersionId.of("v1"), live());
        assertEquals(request.evidence(), outcome.evidence(), "the chain's final event carries the evidence");
        RollbackRecord record = mem.journal.record(d.executionArn());
        assertEquals(request.evidence(), record.evidence(), "so does the rollback record");
    }

    @Test
    void theSameStateChangeByEveryPathAndRepeatedIsOneExecution() {
        Instant at = mem.clock.instant().minusSeconds(3);
        List<TriggerDecision> all = new ArrayList<>();
        for (AlarmDelivery path : List.of(AlarmDelivery.SNS, AlarmDelivery.LAMBDA_ACTION, AlarmDelivery.EVENTBRIDGE,
                AlarmDelivery.SNS)) {
            all.add(trigger.handle(change(AlarmState.ALARM, at, path)));
            mem.clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of(Decision.STARTED, Decision.DEDUPLICATED, Decision.DEDUPLICATED, Decision.DEDUPLICATED),
                all.stream().map(TriggerDecision::decision).toList());
        assertEquals(1, mem.executions.started.size());
        assertTrue(all.stream().allMatch(d -> d.executionName().equals(all.get(0).executionName())));
        assertEquals(1, mem.announcements.announced.size(), "repeats are recorded, not announced");
        assertEquals(4, mem.controls().decisions(REF, 10).size());
    }

    @Test
    void aConcurrentDeliveryOfTheSameChangeLosesTheRaceAndFindsTheStart() {
        AlarmStateChange change = alarmNow();
        AtomicInteger saves = new AtomicInteger();
        String name = AlarmTrigger.executionName(REF, change.evidence());
        mem.automation.beforeSave = () -> {
            if (saves.incrementAndGet() == 1) {
                // Another container, same state change, writes its start between our read and our write.
                mem.automation.states.put(REF, mem.automation.get(REF).withStart(new AutomaticStart(name,
                        mem.clock.instant(), ALARM, VersionId.of("v2"))));
                mem.executions.start(name, AlarmTrigger.request(REF, change.evidence()));
            }
        };
        TriggerDecision d = trigger.handle(change);
        assertEquals(Decision.DEDUPLICATED, d.decision(), d.message());
        assertEquals(TriggerRule.REPEAT, d.rule());
        assertEquals(1, mem.executions.started.size());
        assertTrue(mem.holds.find(REF, VersionId.of("v2")).orElseThrow().isActive(), "the repeat holds v2 too");
    }

    @Test
    void aDeliveryThatKeepsLosingTheRaceIsRetriedWholeNotDecidedOnStaleState() {
        mem.automation.beforeSave = () -> mem.automation.states.put(REF, mem.automation.get(REF)
                .withPolicy(AutomationPolicy.defaults()));
        assertThrows(TransientStorageException.class, () -> trigger.handle(alarmNow()));
        assertTrue(mem.executions.started.isEmpty());
    }

    @Test
    void okIsIgnoredAndInsufficientDataFollowsTheMappingsPolicy() {
        TriggerDecision ok = trigger.handle(change(AlarmState.OK, mem.clock.instant(), AlarmDelivery.EVENTBRIDGE));
        assertEquals(Decision.IGNORED, ok.decision());
        assertEquals(TriggerRule.STATE_OK, ok.rule());
        TriggerDecision quiet = trigger.handle(change(AlarmState.INSUFFICIENT_DATA, mem.clock.instant(),
                AlarmDelivery.SNS));
        assertEquals(TriggerRule.INSUFFICIENT_DATA, quiet.rule());
        assertEquals(Decision.IGNORED, quiet.decision());
        assertTrue(mem.executions.started.isEmpty());
        assertEquals(2, mem.controls().decisions(REF, 10).size(), "both recorded");

        mem.controls().unmap(ALARM);
        mem.controls().map(AlarmMapping.of(ALARM, REF, mem.clock.instant(), "alice")
                .onInsufficientData(InsufficientDataPolicy.ROLLBACK));
        TriggerDecision acts = trigger.handle(change(AlarmState.INSUFFICIENT_DATA, mem.clock.instant(),
                AlarmDelivery.SNS));
        assertEquals(Decision.STARTED, acts.decision(), acts.message());
        assertEquals(AlarmState.INSUFFICIENT_DATA, mem.executions.started.get(acts.executionName()).evidence()
                .state());
    }

    @Test
    void aStateChangeOlderThanTheMaxAgeOrFromTheFutureIsIgnored() {
        mem.clock.advance(Duration.ofMinutes(15));
        Instant now = mem.clock.instant();
        TriggerDecision old = trigger.handle(change(AlarmState.ALARM, now.minus(Duration.ofMinutes(21)),
                AlarmDelivery.SNS));
        assertEquals(TriggerRule.TOO_OLD, old.rule());
        assertTrue(old.message().contains("older than 1200 s are ignored"), old.message());
        TriggerDecision future = trigger.handle(change(AlarmState.ALARM, now.plus(Duration.ofMinutes(6)),
                AlarmDelivery.SNS));
        assertEquals(TriggerRule.FROM_THE_FUTURE, future.rule());
        TriggerDecision fresh = trigger.handle(change(AlarmState.ALARM, now.minus(Duration.ofMinutes(19)),
                AlarmDelivery.SNS));
        assertEquals(Decision.STARTED, fresh.decision(), "19 minutes is fresh by default: " + fresh.message());
    }

    @Test
    void theCascadeAStateChangeRedeliveredAfterItsRollbackIsStaleAndTheGoodVersionStaysGood() {
        AlarmStateChange change = alarmNow();
        TriggerDecision started = trigger.handle(change);
        mem.clock.advance(Duration.ofSeconds(30));
        assertEquals(RollbackStatus.SUCCEEDED, runStarted(started).status());
        assertEquals(VersionId.of("v1"), live());
        assertEquals(VersionStatus.GOOD, status("v1"));
        assertEquals(VersionStatus.BAD, status("v2"));

        mem.clock.advance(Duration.ofMinutes(16));
        TriggerDecision again = trigger.handle(new AlarmStateChange(AlarmDelivery.SNS, "late", ALARM, null,
                AlarmKind.METRIC, AlarmState.ALARM, REASON, change.stateChangedAt(), AlarmState.OK, null));
        assertEquals(Decision.STALE, again.decision(), again.message());
        assertTrue(again.message().contains("older than the last switch"), again.message());
        assertEquals(1, mem.executions.started.size(), "no second execution");
        assertEquals(VersionId.of("v1"), live());
        assertEquals(VersionStatus.GOOD, status("v1"), "the good version is not marked BAD");
    }

    @Test
    void anAlarmAlreadyInAlarmBeforeTheSwitchDoesNotBlameTheLiveVersionUnlessConfigured() {
        Instant switched = mem.environments.get(REF).pointer().switchedAt();
        Instant now = mem.clock.instant();
        AlarmStateChange stillAlarm = new AlarmStateChange(AlarmDelivery.LAMBDA_ACTION, "d1", ALARM, null,
                AlarmKind.COMPOSITE, AlarmState.ALARM, "suppression ended", now.minusSeconds(1), AlarmState.ALARM,
                switched.minusSeconds(60));
        TriggerDecision d = trigger.handle(stillAlarm);
        assertEquals(TriggerRule.PREEXISTING_ALARM, d.rule(), d.message());
        assertTrue(d.message().contains("does not blame v2"), d.message());
        AlarmStateChange unknownSince = new AlarmStateChange(AlarmDelivery.SNS, "d2", ALARM, null, AlarmKind.METRIC,
                AlarmState.ALARM, REASON, now.minusSeconds(1), AlarmState.ALARM, null);
        assertEquals(TriggerRule.PREEXISTING_ALARM, trigger.handle(unknownSince).rule());
        AlarmStateChange sinceAfter = new AlarmStateChange(AlarmDelivery.SNS, "d3", ALARM, null, AlarmKind.METRIC,
                AlarmState.ALARM, REASON, now.minusSeconds(1), AlarmState.ALARM, switched.plusSeconds(5));
        assertEquals(Decision.STARTED, trigger.handle(sinceAfter).decision(), "in ALARM only since v2 went live");
    }

    @Test
    void blamingAPreexistingAlarmIsTheMappingsChoice() {
        mem.controls().unmap(ALARM);
        mem.controls().map(AlarmMapping.of(ALARM, REF, mem.clock.instant(), "alice").blamePreexistingAlarm(true));
        Instant switched = mem.environments.get(REF).pointer().switchedAt();
        TriggerDecision d = trigger.handle(new AlarmStateChange(AlarmDelivery.LAMBDA_ACTION, "d1", ALARM, null,
                AlarmKind.METRIC, AlarmState.ALARM, REASON, mem.clock.instant(), AlarmState.ALARM,
                switched.minusSeconds(60)));
        assertEquals(Decision.STARTED, d.decision(), d.message());
    }

    @Test
    void noAutomaticRollbackWhileAnotherRollbackHoldsTheLock() {
        mem.environments.acquireLock(REF, "manual-exec", mem.clock.instant(), mem.clock.instant().plusSeconds(900));
        TriggerDecision d = trigger.handle(alarmNow());
        assertEquals(Decision.DAMPED, d.decision());
        assertEquals(TriggerRule.IN_PROGRESS, d.rule());
        assertTrue(d.message().contains("manual-exec"), d.message());
        assertTrue(mem.executions.started.isEmpty(), "recorded, not queued");
        mem.environments.releaseLock(REF, "manual-exec");
        assertEquals(Decision.STARTED, trigger.handle(alarmNow()).decision(), "a later state change acts");
    }

    @Test
    void flappingForTenMinutesStartsOneRollbackAndDampsTheRest() {
        List<TriggerDecision> decisions = flap(Duration.ofMinutes(10), false);
        assertEquals(1, count(decisions, Decision.STARTED));
        assertEquals(29, count(decisions, Decision.DAMPED), "every later ALARM within the 15 min cooldown");
        assertEquals(30, decisions.stream().filter(d -> d.rule() == TriggerRule.STATE_OK).count());
        assertEquals(0, count(decisions, Decision.FROZEN));
        assertEquals(VersionId.of("v1"), live(), "one switch");
    }

    @Test
    void flappingPastTheCooldownNeverRollsBackTheRollbackItFreezesOnceAndSaysSo() {
        mem.controls().setPolicy(REF, new AutomationPolicy(Duration.ofMinutes(2), 3));
        List<TriggerDecision> decisions = flap(Duration.ofMinutes(10), false);
        assertEquals(1, count(decisions, Decision.STARTED));
        List<TriggerDecision> frozen = decisions.stream().filter(d -> d.decision() == Decision.FROZEN).toList();
        assertEquals(TriggerRule.ROLLBACK_OF_ROLLBACK, frozen.get(0).rule(), frozen.get(0).message());
        assertTrue(frozen.get(0).froze());
        assertTrue(frozen.stream().skip(1).allMatch(d -> d.rule() == TriggerRule.FROZEN && !d.froze()));
        assertEquals(2, mem.announcements.announced.size(), "the start and the freeze");
        assertEquals(VersionId.of("v1"), live(), "v1, the rollback's target, is never rolled back");
        assertEquals(VersionStatus.GOOD, status("v1"));
        assertTrue(mem.controls().automation(REF).frozen());
    }

    @Test
    void flappingWhilePeopleKeepDeployingFixesRollsBackOncePerCooldownAndFreezesAtTheCap() {
        mem.controls().setPolicy(REF, new AutomationPolicy(Duration.ofMinutes(1), 3));
        List<TriggerDecision> decisions = flap(Duration.ofMinutes(10), true);
        List<TriggerDecision> starts = decisions.stream().filter(d -> d.decision() == Decision.STARTED).toList();
        assertEquals(3, starts.size(), "the cap");
        for (int i = 1; i < starts.size(); i++) {
            assertFalse(starts.get(i).decidedAt().isBefore(starts.get(i - 1).decidedAt().plus(Duration.ofMinutes(1))),
                    "at most one automatic rollback per cooldown");
        }
        TriggerDecision freeze = decisions.stream().filter(TriggerDecision::froze).findFirst().orElseThrow();
        assertEquals(TriggerRule.CAP, freeze.rule());
        assertTrue(freeze.message().contains("3 automatic rollback(s)"), freeze.message());
        assertEquals(1, decisions.stream().filter(TriggerDecision::froze).count(), "frozen once");
        assertTrue(decisions.stream().filter(d -> d.decidedAt().isAfter(freeze.decidedAt()))
                .noneMatch(d -> d.decision() == Decision.STARTED), "nothing starts once frozen");
    }

    /**
     * The alarm toggles ALARM/OK every 10 s for {@code span} on a movable clock; each rollback it starts runs to
     * completion. With {@code redeploy}, a person deploys the next fix forward a few seconds after each rollback.
     */
    private List<TriggerDecision> flap(Duration span, boolean redeploy) {
        List<TriggerDecision> decisions = new ArrayList<>();
        Instant end = mem.clock.instant().plus(span);
        List<String> fixes = new ArrayList<>(List.of("v3", "v4", "v5", "v6"));
        boolean alarm = true;
        while (mem.clock.instant().isBefore(end)) {
            Instant tick = mem.clock.instant();
            TriggerDecision d = trigger.handle(change(alarm ? AlarmState.ALARM : AlarmState.OK, mem.clock.instant(),
                    AlarmDelivery.EVENTBRIDGE));
            decisions.add(d);
            if (d.decision() == Decision.STARTED) {
                mem.clock.advance(Duration.ofSeconds(2));
                assertEquals(RollbackStatus.SUCCEEDED, runStarted(d).status());
                if (redeploy && !fixes.isEmpty()) {
                    mem.clock.advance(Duration.ofSeconds(2));
                    deploy(fixes.remove(0));
                }
            }
            mem.clock.set(tick.plusSeconds(10));
            alarm = !alarm;
        }
        return decisions;
    }

    private static long count(List<TriggerDecision> decisions, Decision decision) {
        return decisions.stream().filter(d -> d.decision() == decision).count();
    }

    @Test
    void liftingAFreezeLetsTheNextAlarmActAndForgetsTheCountBeforeIt() {
        mem.controls().setPolicy(REF, new AutomationPolicy(Duration.ZERO, 1));
        TriggerDecision first = trigger.handle(alarmNow());
        runStarted(first);
        deploy("v3");
        mem.clock.advance(Duration.ofMinutes(1));
        TriggerDecision capped = trigger.handle(alarmNow());
        assertEquals(TriggerRule.CAP, capped.rule(), capped.message());
        mem.clock.advance(Duration.ofMinutes(1));
        assertEquals(TriggerRule.FROZEN, trigger.handle(alarmNow()).rule());

        mem.controls().unfreeze(REF, "alice");
        assertThrows(NotFoundException.class, () -> mem.controls().unfreeze(REF, "alice"), "not frozen any more");
        mem.clock.advance(Duration.ofMinutes(1));
        TriggerDecision resumed = trigger.handle(alarmNow());
        assertEquals(Decision.STARTED, resumed.decision(), resumed.message());
        assertEquals("alice", mem.controls().automation(REF).resumedBy());
    }

    @Test
    void aHoldStopsADeployWithoutForceFromReapplyingTheVersionUntilAPersonLiftsIt() {
        TriggerDecision started = trigger.handle(alarmNow());
        runStarted(started);
        TargetRefusedException refused = assertThrows(TargetRefusedException.class, () -> deploy("v2"));
        assertTrue(refused.getMessage().contains("v2 is held in wf-orders/prod"), refused.getMessage());

        mem.controls().liftHold(REF, VersionId.of("v2"), "alice");
        assertThrows(NotFoundException.class, () -> mem.controls().liftHold(REF, VersionId.of("v2"), "alice"));
        mem.registry.markStatus(WF, VersionId.of("v2"), VersionStatus.CANDIDATE);
        assertEquals(RollbackStatus.SUCCEEDED, deploy("v2").status(), "lifted: a deploy of v2 is allowed again");
    }

    @Test
    void deliveriesThatReachNoEnvironmentAreRefusedAndRecordedApart() {
        TriggerDecision unmapped = trigger.handle(new AlarmStateChange(AlarmDelivery.SNS, "m-1", "nobody-maps-me",
                null, AlarmKind.METRIC, AlarmState.ALARM, REASON, mem.clock.instant(), AlarmState.OK, null));
        assertEquals(Decision.REFUSED, unmapped.decision());
        assertEquals(TriggerRule.NO_MAPPING, unmapped.rule());
        assertNull(unmapped.environment());

        EnvironmentRef ghost = EnvironmentRef.of("wf-ghost", "prod");
        mem.mappings.create(AlarmMapping.of("ghost-alarm", ghost, mem.clock.instant(), "alice"));
        TriggerDecision unknown = trigger.handle(new AlarmStateChange(AlarmDelivery.EVENTBRIDGE, "e-1", "ghost-alarm",
                null, AlarmKind.METRIC, AlarmState.ALARM, REASON, mem.clock.instant(), AlarmState.OK, null));
        assertEquals(TriggerRule.UNKNOWN_ENVIRONMENT, unknown.rule());
        assertTrue(unknown.message().contains("workflow wf-ghost, which is unknown"), unknown.message());

        TriggerDecision unreadable = trigger.refuse(new UnreadableDelivery(AlarmDelivery.UNKNOWN, "r-1", null,
                "the event is neither an alarm action, an EventBridge alarm event nor an SNS notification"));
        assertEquals(TriggerRule.DELIVERY_UNREADABLE, unreadable.rule());
        assertEquals(List.of(unreadable, unknown, unmapped).size(), mem.controls().unroutedDecisions(10).size());
        assertTrue(mem.executions.started.isEmpty());
        assertTrue(mem.announcements.announced.isEmpty());
    }

    @Test
    void nothingToGoBackToAndNothingLiveAreSaidNotStarted() {
        mem.registry.markStatus(WF, VersionId.of("v1"), VersionStatus.BAD);
        TriggerDecision none = trigger.handle(alarmNow());
        assertEquals(TriggerRule.NO_GOOD_VERSION, none.rule(), none.message());
        assertTrue(none.message().contains("no GOOD version older than v2"), none.message());
        assertTrue(mem.holds.list(REF).isEmpty(), "no hold without a start");

        EnvironmentRef staging = new EnvironmentRef(WF, EnvironmentName.of("staging"));
        mem.environments.create(Environment.of(staging, "flowback-engine", "2.4.1"), mem.clock.instant());
        mem.controls().map(AlarmMapping.of("staging-alarm", staging, mem.clock.instant(), "alice"));
        TriggerDecision empty = trigger.handle(new AlarmStateChange(AlarmDelivery.SNS, "m", "staging-alarm", null,
                AlarmKind.METRIC, AlarmState.ALARM, REASON, mem.clock.instant(), AlarmState.OK, null));
        assertEquals(TriggerRule.NOTHING_LIVE, empty.rule());
        assertTrue(mem.executions.started.isEmpty());
    }

    @Test
    void aFailedAnnouncementIsNotedAndUndoesNothing() {
        mem.announcements.failWith = new IllegalStateException("bus unreachable");
        TriggerDecision d = trigger.handle(alarmNow());
        assertEquals(Decision.STARTED, d.decision());
        assertTrue(d.message().endsWith("(announcing it failed: bus unreachable)"), d.message());
        assertEquals(1, mem.executions.started.size());
        assertEquals(d, mem.controls().decisions(REF, 1).get(0));
    }

    @Test
    void mappingsAndPoliciesAreCheckedBeforeAnythingIsWritten() {
        NotFoundException unknown = assertThrows(NotFoundException.class, () -> mem.controls().map(
                AlarmMapping.of("x", EnvironmentRef.of("wf-none", "prod"), mem.clock.instant(), "alice")));
        assertTrue(unknown.getMessage().contains("workflow_id \"wf-none\" is unknown"), unknown.getMessage());
        assertThrows(VersionConflictException.class, () -> mem.controls().map(AlarmMapping.of(ALARM, REF,
                mem.clock.instant(), "bob")));
        assertTrue(mem.mappings.find("x").isEmpty());
        assertThrows(NotFoundException.class, () -> mem.controls().unmap("x"));
        assertEquals("max_age_seconds", assertThrows(InvalidInputException.class,
                () -> AlarmMapping.of(ALARM, REF, mem.clock.instant(), "a").maxAge(Duration.ofSeconds(5)))
                .problems().get(0).field());
        assertEquals("automation.max_rollbacks_per_hour", assertThrows(
                InvalidInputException.class, () -> new AutomationPolicy(Duration.ZERO, 0))
                .problems().get(0).field());
        assertNotNull(mem.controls().automation(REF));
    }
}
