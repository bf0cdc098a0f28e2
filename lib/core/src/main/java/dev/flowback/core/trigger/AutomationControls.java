package dev.flowback.core.trigger;

import dev.flowback.core.chain.health.SettingChecks;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerDecisions;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What people do with the trigger: map alarms to environments, set an environment's damping policy, lift a freeze,
 * lift a hold, and read what was decided. Every change is checked before anything is written (an alarm mapped to an
 * environment that does not exist is refused naming it), and each is one conditional single-item write.
 */
public final class AutomationControls {
    /** A write raced with the trigger's own: read again and retry this many times before giving up. */
    private static final int ATTEMPTS = 4;
    /** The longest reason a person may give a hold (a sentence or two, as the rollback's own reason). */
    public static final int MAX_REASON = 1024;

    private final AlarmMappings mappings;
    private final EnvironmentStore environments;
    private final VersionRegistry registry;
    private final VersionHolds holds;
    private final AutomationStore automation;
    private final TriggerDecisions decisions;
    private final Clock clock;

    public AutomationControls(AlarmMappings mappings, EnvironmentStore environments, VersionRegistry registry,
                              VersionHolds holds, AutomationStore automation, TriggerDecisions decisions,
                              Clock clock) {
        this.mappings = mappings;
        this.environments = environments;
        this.registry = registry;
        this.holds = holds;
        this.automation = automation;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * Maps an alarm to an environment, which must exist. VersionConflictException when the alarm is mapped already
     * (to remap, unmap first: one alarm speaks for one environment).
     */
    public AlarmMapping map(AlarmMapping mapping) {
        requireEnvironment(mapping.environment());
        mappings.create(mapping);
        return mapping;
    }

    /** Removes an alarm's mapping; NotFoundException when it has none. */
    public void unmap(String alarmName) {
        SettingChecks.requireName("alarm_name", alarmName);
        if (!mappings.remove(alarmName)) {
            throw new NotFoundException("alarm " + alarmName + " has no mapping");
        }
    }

    /**
     * Removes {@code alarmName}'s mapping when it is mapped to {@code environment}; NotFoundException when it has
     * none or speaks for another environment (a caller managing one environment never unmaps another's alarm).
     */
    public void unmap(EnvironmentRef environment, String alarmName) {
        SettingChecks.requireName("alarm_name", alarmName);
        AlarmMapping mapping = mappings.find(alarmName).filter(m -> m.environment().equals(environment))
                .orElseThrow(() -> new NotFoundException("alarm_name \"" + alarmName + "\" is not mapped to "
                        + environment));
        if (!mappings.remove(mapping.alarmName())) {
            throw new NotFoundException("alarm_name \"" + alarmName + "\" is not mapped to " + environment);
        }
    }

    public List<AlarmMapping> mappings(EnvironmentRef environment) {
        return mappings.list(environment);
    }

    /** The environment's automation state: policy, recent automatic rollbacks, freeze. */
    public AutomationState automation(EnvironmentRef environment) {
        requireEnvironment(environment);
        return automation.get(environment);
    }

    public AutomationState setPolicy(EnvironmentRef environment, AutomationPolicy policy) {
        requireEnvironment(environment);
        return retrying(environment, state -> state.withPolicy(policy));
    }

    /**
     * Lifts the environment's freeze, so the next alarm may act again; the automatic rollbacks before now no longer
     * count toward the cap. NotFoundException when automation is not frozen.
     *
     * @param by who lifts it (kept with the state)
     */
    public AutomationState unfreeze(EnvironmentRef environment, String by) {
        requireEnvironment(environment);
        SettingChecks.requireName("lifted_by", by);
        return retrying(environment, state -> {
            if (!state.frozen()) {
                throw new NotFoundException("automation of " + environment + " is not frozen");
            }
            return state.resumed(by, clock.instant());
        });
    }

    /**
     * A person holds {@code version} in {@code environment}: the validate step refuses it as a target unless the
     * request is forced, until the hold is lifted. The environment and the version must exist; VersionConflictException
     * when the version is held already.
     *
     * @param by who holds it (the caller)
     */
    public VersionHold placeHold(EnvironmentRef environment, VersionId version, String by, String reason) {
        requireEnvironment(environment);
        SettingChecks.requireName("held_by", by);
        if (reason != null && reason.length() > MAX_REASON) {
            throw new InvalidInputException("field.syntax", "reason", "reason may have at most " + MAX_REASON
                    + " characters, had " + reason.length());
        }
        registry.get(environment.workflow(), version);
        VersionHold hold = VersionHold.placed(environment, version, by, clock.instant(), reason);
        if (holds.find(environment, version).filter(VersionHold::isActive).isPresent() || !holds.place(hold)) {
            throw new VersionConflictException("version " + version + " is held already in " + environment
                    + "; lift the hold first");
        }
        return hold;
    }

    /** Lifts the hold on {@code version}; NotFoundException when it is not held. */
    public VersionHold liftHold(EnvironmentRef environment, VersionId version, String by) {
        requireEnvironment(environment);
        SettingChecks.requireName("lifted_by", by);
        if (!holds.lift(environment, version, by, clock.instant())) {
            throw new NotFoundException("version " + version + " is not held in " + environment);
        }
        return holds.find(environment, version).orElseThrow();
    }

    public List<VersionHold> holds(EnvironmentRef environment) {
        return holds.list(environment);
    }

    public List<TriggerDecision> decisions(EnvironmentRef environment, int limit) {
        return decisions.recent(environment, limit);
    }

    /** Decisions about deliveries that reached no environment (unreadable, unmapped alarms). */
    public List<TriggerDecision> unroutedDecisions(int limit) {
        return decisions.unrouted(limit);
    }

    private void requireEnvironment(EnvironmentRef environment) {
        if (environments.find(environment).isEmpty()) {
            throw registry.hasVersions(environment.workflow()) ? EnvironmentStore.notFound(environment)
                    : EnvironmentStore.unknownWorkflow(environment);
        }
    }

    private AutomationState retrying(EnvironmentRef environment, UnaryOperator<AutomationState> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            AutomationState next = change.apply(automation.get(environment));
            if (automation.save(next)) {
                return next;
            }
        }
        throw new VersionConflictException("the automation state of " + environment + " kept changing; try again");
    }
}
