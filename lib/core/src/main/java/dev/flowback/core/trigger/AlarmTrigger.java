package dev.flowback.core.trigger;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.port.RollbackExecutions.StartedRollback;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AlarmStateChange;
import dev.flowback.core.trigger.model.AutomaticStart;
import dev.flowback.core.trigger.model.AutomationFreeze;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.InsufficientDataPolicy;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.core.trigger.model.UnreadableDelivery;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerAnnouncements;
import dev.flowback.core.trigger.port.TriggerDecisions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns one delivery of an alarm's state change into at most one automatic rollback of the environment the alarm
 * maps to, to last-known-good, and never into a worse state. The rules, in order (each a {@link TriggerRule}):
 * <ol>
 *   <li>the alarm must map to an environment that exists;</li>
 *   <li>only ALARM acts (OK is ignored; INSUFFICIENT_DATA follows the mapping's policy, default ignore);</li>
 *   <li>the state change must be fresh (younger than the mapping's max age, default 20 minutes);</li>
 *   <li>something must be live, and the state change must not be older than the environment's last switch: such a
 *       delivery is about the version before, and acting on it is the cascade that rolls back the good version;</li>
 *   <li>an alarm that was already in ALARM before the live version went live does not blame it (configurable);</li>
 *   <li>a state change that already started its rollback starts nothing new (its execution name is derived from
 *       it, so every repeat, by any path, names the same execution, which StartExecution recognises);</li>
 *   <li>nothing while automation is frozen, while another rollback holds the environment's lock (not queued), or
 *       within the cooldown after the last automatic rollback;</li>
 *   <li>past the cap of automatic rollbacks per hour, or when the live version arrived by an automatic rollback
 *       (never a rollback of a rollback), automation freezes instead, and says so;</li>
 *   <li>there must be a GOOD version older than the live one to go back to.</li>
 * </ol>
 * A start is reserved in the environment's automation state first (a conditional write, so concurrent deliveries
 * cannot both start), then the live version is held (so neither automation nor a deploy without force re-applies
 * it), then the execution is started. Every decision is recorded; starts and freezes are announced.
 */
public final class AlarmTrigger {
    /** A state change stamped further ahead than this is not believed (clock skew of a few seconds is normal). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Step Functions' limit on an execution name. */
    public static final int MAX_EXECUTION_NAME = 80;
    /** How often a lost race on the automation state is decided again before the delivery is retried. */
    private static final int ATTEMPTS = 4;
    private static final String NAME_PREFIX = "alarm-";
    private static final int NAME_DIGEST = 20;

    private final AlarmMappings mappings;
    private final EnvironmentStore environments;
    private final RollbackJournal journal;
    private final VersionRegistry registry;
    private final VersionHolds holds;
    private final AutomationStore automation;
    private final TriggerDecisions decisions;
    private final TriggerAnnouncements announcements;
    private final RollbackExecutions executions;
    private final Clock clock;

    public AlarmTrigger(AlarmMappings mappings, EnvironmentStore environments, RollbackJournal journal,
                        VersionRegistry registry, VersionHolds holds, AutomationStore automation,
                        TriggerDecisions decisions, TriggerAnnouncements announcements,
                        RollbackExecutions executions, Clock clock) {
        this.mappings = mappings;
        this.environments = environments;
        this.journal = journal;
        this.registry = registry;
        this.holds = holds;
        this.automation = automation;
        this.decisions = decisions;
        this.announcements = announcements;
        this.executions = executions;
        this.clock = clock;
    }

    /** Records the refusal of a delivery that could not be read; nothing starts. */
    public TriggerDecision refuse(UnreadableDelivery delivery) {
        TriggerDecision decision = new TriggerDecision(clock.instant(), delivery.delivery(), delivery.deliveryId(),
                Decision.REFUSED, TriggerRule.DELIVERY_UNREADABLE, "unreadable " + delivery.delivery().wireName()
                + " delivery" + (delivery.alarmName() == null ? "" : " for alarm " + delivery.alarmName()) + ": "
                + delivery.problem() + "; nothing was started", null, null, null, null, null, null, false);
        return finish(decision);
    }

    /** Decides on one delivered state change, acts on the decision, records and (for starts and freezes) announces. */
    public TriggerDecision handle(AlarmStateChange change) {
        Instant now = clock.instant();
        AlarmEvidence evidence = change.evidence();
        Optional<AlarmMapping> found = mappings.find(change.alarmName());
        if (found.isEmpty()) {
            return finish(unrouted(change, now, evidence, TriggerRule.NO_MAPPING, "alarm " + change.alarmName()
                    + " maps to no workflow environment; map it to one for it to roll back; nothing was started"));
        }
        AlarmMapping mapping = found.get();
        EnvironmentRef ref = mapping.environment();
        Optional<EnvironmentState> state = environments.find(ref);
        if (state.isEmpty()) {
            String missing = registry.hasVersions(ref.workflow())
                    ? "environment " + ref.environment() + " of workflow " + ref.workflow() + ", which does not exist"
                    : "workflow " + ref.workflow() + ", which is unknown (no versions, no environment "
                    + ref.environment() + ")";
            return finish(unrouted(change, now, evidence, TriggerRule.UNKNOWN_ENVIRONMENT, "alarm "
                    + change.alarmName() + " maps to " + missing + "; fix or remove the mapping; nothing was started"));
        }
        for (int attempt = 1; ; attempt++) {
            Verdict verdict = decide(change, evidence, mapping, environments.get(ref), now);
            Optional<TriggerDecision> done = act(verdict, change, evidence, now);
            if (done.isPresent()) {
                return finish(done.get());
            }
            if (attempt == ATTEMPTS) {
                throw new TransientStorageException("the automation state of " + ref + " kept changing while "
                        + change.describe() + " was decided (" + ATTEMPTS + " attempts); the delivery will be retried");
            }
        }
    }

    /**
     * The deterministic execution name of the rollback {@code evidence} asks for in {@code environment}: the same for
     * every delivery of the same state change, different for any other; at most 80 letters, digits, '-' and '_', as
     * Step Functions requires.
     */
    public static String executionName(EnvironmentRef environment, AlarmEvidence evidence) {
        String identity = environment + "\n" + evidence.alarmName() + "\n" + evidence.state() + "\n"
                + evidence.stateChangedAt().toEpochMilli();
        String digest = ContentHash.of(identity.getBytes(StandardCharsets.UTF_8)).hex().substring(0, NAME_DIGEST);
        String slug = evidence.alarmName().replaceAll("[^A-Za-z0-9_-]+", "-");
        int room = MAX_EXECUTION_NAME - NAME_PREFIX.length() - 1 - NAME_DIGEST;
        if (slug.length() > room) {
            slug = slug.substring(0, room);
        }
        return NAME_PREFIX + slug + "-" + digest;
    }

    /** The state machine input for the rollback {@code evidence} asks for: the same for every repeat. */
    public static RollbackRequest request(EnvironmentRef environment, AlarmEvidence evidence) {
        String reason = "alarm " + evidence.alarmName() + " entered " + evidence.state() + " at "
                + evidence.stateChangedAt() + (evidence.reason().isEmpty() ? "" : ": " + evidence.reason());
        if (reason.length() > RollbackRequest.MAX_REASON) {
            reason = reason.substring(0, RollbackRequest.MAX_REASON);
        }
        String by = "alarm:" + evidence.alarmName();
        if (by.length() > RollbackRequest.MAX_REQUESTED_BY) {
            by = by.substring(0, RollbackRequest.MAX_REQUESTED_BY);
        }
        return new RollbackRequest(environment.workflow(), environment.environment(),
                VersionRef.parse("target_version", VersionRef.LAST_KNOWN_GOOD), reason.strip(), false, false, by,
                RollbackTrigger.ALARM, evidence);
    }

    /** What the rules say about a change, before anything is written. */
    private record Verdict(TriggerRule rule, String message, EnvironmentState state, AutomationState automation,
                           String executionName) {
    }

    private Verdict decide(AlarmStateChange change, AlarmEvidence evidence, AlarmMapping mapping,
                           EnvironmentState state, Instant now) {
        EnvironmentRef ref = mapping.environment();
        ActivePointer pointer = state.pointer();
        if (change.state() == AlarmState.OK) {
            return verdict(TriggerRule.STATE_OK, change.describe() + ": OK is not a reason to roll back", state);
        }
        if (change.state() == AlarmState.INSUFFICIENT_DATA
                && mapping.onInsufficientData() == InsufficientDataPolicy.IGNORE) {
            return verdict(TriggerRule.INSUFFICIENT_DATA, change.describe() + ": INSUFFICIENT_DATA is ignored for this"
                    + " alarm (its mapping's policy; missing data is not evidence of harm)", state);
        }
        Duration age = Duration.between(change.stateChangedAt(), now);
        if (age.compareTo(mapping.maxAge()) > 0) {
            return verdict(TriggerRule.TOO_OLD, change.describe() + " arrived " + age.toSeconds() + " s after it"
                    + " happened; state changes older than " + mapping.maxAge().toSeconds() + " s are ignored", state);
        }
        if (age.negated().compareTo(MAX_CLOCK_SKEW) > 0) {
            return verdict(TriggerRule.FROM_THE_FUTURE, change.describe() + " is stamped " + age.negated().toSeconds()
                    + " s in the future; not believed", state);
        }
        if (pointer.active().isEmpty()) {
            return verdict(TriggerRule.NOTHING_LIVE, change.describe() + ": nothing is live in " + ref
                    + ", so there is nothing to roll back", state);
        }
        Instant switchedAt = pointer.switchedAt();
        if (switchedAt != null && change.stateChangedAt().isBefore(switchedAt)) {
            return verdict(TriggerRule.STALE, change.describe() + " is older than the last switch of " + ref + " to "
                    + pointer.activeLabel() + " at " + switchedAt + ": it is about the version before, so it rolls"
                    + " nothing back", state);
        }
        if (change.previousState() == change.state() && !mapping.blamePreexistingAlarm()) {
            Instant since = change.previousStateChangedAt();
            if (since == null || switchedAt == null || since.isBefore(switchedAt)) {
                return verdict(TriggerRule.PREEXISTING_ALARM, "alarm " + change.alarmName() + " was already in "
                        + change.state() + (since == null ? " before this notification (since when, the delivery does"
                        + " not say)" : " since " + since) + ", before " + pointer.activeLabel() + " went live"
                        + (switchedAt == null ? "" : " at " + switchedAt) + ": it does not blame "
                        + pointer.activeLabel(), state);
            }
        }
        String name = executionName(ref, evidence);
        AutomationState auto = automation.get(ref);
        if (auto.start(name).isPresent()) {
            return new Verdict(TriggerRule.REPEAT, change.describe() + " already started its rollback " + name,
                    state, auto, name);
        }
        if (auto.frozen()) {
            return new Verdict(TriggerRule.FROZEN, "automation of " + ref + " is frozen since " + auto.freeze().at()
                    + " (" + auto.freeze().message() + "); " + change.describe() + " starts nothing until a person"
                    + " lifts the freeze", state, auto, name);
        }
        if (state.lock().isHeld(now)) {
            return new Verdict(TriggerRule.IN_PROGRESS, "rollback " + state.lock().holder() + " is in progress in "
                    + ref + "; " + change.describe() + " starts nothing (automatic rollbacks are not queued)", state,
                    auto, name);
        }
        AutomationPolicy policy = auto.policy();
        Optional<AutomaticStart> last = auto.lastStart();
        if (last.isPresent() && now.isBefore(last.get().at().plus(policy.cooldown()))) {
            return new Verdict(TriggerRule.COOLDOWN, "the last automatic rollback of " + ref + " ("
                    + last.get().executionName() + ") started at " + last.get().at() + ", within the cooldown of "
                    + policy.cooldown().toSeconds() + " s; " + change.describe() + " starts nothing", state, auto,
                    name);
        }
        int counted = auto.startsCountingAt(now).size();
        if (counted >= policy.maxPerHour()) {
            return new Verdict(TriggerRule.CAP, counted + " automatic rollback(s) of " + ref + " started within the"
                    + " last hour, the cap is " + policy.maxPerHour() + "; automation is frozen instead of rolling"
                    + " back again on " + change.describe(), state, auto, name);
        }
        Optional<RollbackRecord> arrivedBy = automaticArrival(ref, pointer);
        if (arrivedBy.isPresent()) {
            return new Verdict(TriggerRule.ROLLBACK_OF_ROLLBACK, pointer.activeLabel() + " is live in " + ref
                    + " because of the automatic rollback " + arrivedBy.get().executionId() + " ("
                    + arrivedBy.get().reason() + "); Flowback never rolls back a rollback, so automation is frozen on "
                    + change.describe(), state, auto, name);
        }
        try {
            VersionRecord target = registry.resolve(ref.workflow(),
                    VersionRef.parse("target_version", VersionRef.LAST_KNOWN_GOOD), pointer.active());
            return new Verdict(TriggerRule.ROLLBACK, change.describe() + ": rolling " + ref + " back from "
                    + pointer.activeLabel() + " to last-known-good (" + target.versionId() + " now)", state, auto,
                    name);
        } catch (NotFoundException e) {
            return new Verdict(TriggerRule.NO_GOOD_VERSION, change.describe() + ": " + e.getMessage()
                    + "; nothing was started", state, auto, name);
        }
    }

    private static Verdict verdict(TriggerRule rule, String message, EnvironmentState state) {
        return new Verdict(rule, message, state, null, null);
    }

    /**
     * The record of the execution whose switch made the live version live, when an alarm started it (its forward
     * switch, or the switch back of its revert).
     */
    private Optional<RollbackRecord> automaticArrival(EnvironmentRef ref, ActivePointer pointer) {
        String lastSwitch = pointer.lastSwitch();
        if (lastSwitch == null) {
            return Optional.empty();
        }
        String execution = lastSwitch.endsWith(RollbackTicket.REVERT_SWITCH_SUFFIX)
                ? lastSwitch.substring(0, lastSwitch.length() - RollbackTicket.REVERT_SWITCH_SUFFIX.length())
                : lastSwitch;
        return journal.find(ref, execution).filter(r -> r.trigger() == RollbackTrigger.ALARM);
    }

    /** Carries the verdict out; empty when a concurrent writer changed the automation state first (decide again). */
    private Optional<TriggerDecision> act(Verdict v, AlarmStateChange change, AlarmEvidence evidence, Instant now) {
        EnvironmentRef ref = v.state().environment().ref();
        switch (v.rule()) {
            case REPEAT -> {
                // Repeat what a crash may have cut short: the hold and the start are both idempotent.
                holdLive(ref, v, change, now);
                StartedRollback started = executions.start(v.executionName(), request(ref, evidence));
                return Optional.of(decision(v, change, evidence, now, Decision.DEDUPLICATED, TriggerRule.REPEAT,
                        v.message() + " (execution " + started.executionArn() + "); nothing new was started",
                        started.executionArn(), false));
            }
            case CAP, ROLLBACK_OF_ROLLBACK -> {
                AutomationFreeze freeze = new AutomationFreeze(now, v.rule().code(), v.message(), change.alarmName());
                if (!automation.save(v.automation().frozenBy(freeze))) {
                    return Optional.empty();
                }
                return Optional.of(decision(v, change, evidence, now, Decision.FROZEN, v.rule(), v.message()
                        + "; a person must look, then lift the freeze", null, true));
            }
            case ROLLBACK -> {
                VersionId from = v.state().pointer().activeVersion();
                AutomaticStart start = new AutomaticStart(v.executionName(), now, change.alarmName(), from);
                if (!automation.save(v.automation().withStart(start))) {
                    return Optional.empty();
                }
                holdLive(ref, v, change, now);
                StartedRollback started = executions.start(v.executionName(), request(ref, evidence));
                if (started.alreadyStarted()) {
                    return Optional.of(decision(v, change, evidence, now, Decision.DEDUPLICATED, TriggerRule.REPEAT,
                            change.describe() + " had already started its rollback " + v.executionName()
                                    + "; nothing new was started", started.executionArn(), false));
                }
                return Optional.of(decision(v, change, evidence, now, Decision.STARTED, TriggerRule.ROLLBACK,
                        v.message() + "; " + from + " is held until a person lifts the hold", started.executionArn(),
                        false));
            }
            default -> {
                return Optional.of(decision(v, change, evidence, now, v.rule().decision(), v.rule(), v.message(), null,
                        false));
            }
        }
    }

    /** Holds the version the rollback moves away from, so nothing re-applies it without a person. */
    private void holdLive(EnvironmentRef ref, Verdict v, AlarmStateChange change, Instant now) {
        VersionId live = v.state().pointer().activeVersion();
        holds.place(VersionHold.placed(ref, live, v.executionName(), now, "alarm " + change.alarmName() + " entered "
                + change.state() + " at " + change.stateChangedAt()));
    }

    private static TriggerDecision decision(Verdict v, AlarmStateChange change, AlarmEvidence evidence, Instant now,
                                            Decision decision, TriggerRule rule, String message, String executionArn,
                                            boolean froze) {
        ActivePointer pointer = v.state().pointer();
        return new TriggerDecision(now, change.delivery(), change.deliveryId(), decision, rule, message, evidence,
                v.state().environment().ref(), v.executionName(), executionArn, pointer.activeVersion(),
                pointer.switchedAt(), froze);
    }

    private static TriggerDecision unrouted(AlarmStateChange change, Instant now, AlarmEvidence evidence,
                                            TriggerRule rule, String message) {
        return new TriggerDecision(now, change.delivery(), change.deliveryId(), rule.decision(), rule, message,
                evidence, null, null, null, null, null, false);
    }

    /**
     * Announces what must be announced, then records. An announcement that fails is noted on the record, never
     * undoes the decision; a record that fails to write is retried with the whole delivery, whose repeat then finds
     * the start already made.
     */
    private TriggerDecision finish(TriggerDecision decision) {
        TriggerDecision recorded = decision;
        if (decision.announced()) {
            try {
                announcements.announce(decision);
            } catch (RuntimeException e) {
                recorded = new TriggerDecision(decision.decidedAt(), decision.delivery(), decision.deliveryId(),
                        decision.decision(), decision.rule(), decision.message() + " (announcing it failed: "
                        + e.getMessage() + ")", decision.evidence(), decision.environment(), decision.executionName(),
                        decision.executionArn(), decision.liveVersion(), decision.lastSwitchAt(), decision.froze());
            }
        }
        decisions.record(recorded);
        return recorded;
    }
}
