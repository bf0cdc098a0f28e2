package dev.flowback.core.trigger.model;

import dev.flowback.core.id.EnvironmentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the trigger keeps per environment: its damping policy, the automatic rollbacks it started recently, and
 * whether automation is frozen. One item, written whole with a condition on {@code revision}, so two deliveries
 * deciding at once cannot both start a rollback: the second finds the first's start when it re-reads.
 *
 * @param revision  bumped by every write; 0 for an environment the trigger never wrote about
 * @param freeze    the freeze in force, or null
 * @param starts    recent automatic starts, oldest first, kept for {@link #RETENTION} (the longest freshness a
 *                  mapping allows) and at most {@link #MAX_STARTS}
 * @param resumedAt when a person last lifted a freeze, or null; starts before it no longer count toward the cap
 * @param resumedBy who did
 */
public record AutomationState(
        EnvironmentRef environment,
        long revision,
        AutomationPolicy policy,
        AutomationFreeze freeze,
        List<AutomaticStart> starts,
        Instant resumedAt,
        String resumedBy) {

    public static final Duration RETENTION = AlarmMapping.MAX_MAX_AGE;
    public static final int MAX_STARTS = 50;
    /** The window of the cap on automatic rollbacks. */
    public static final Duration CAP_WINDOW = Duration.ofHours(1);

    public AutomationState {
        Objects.requireNonNull(environment, "environment");
        policy = policy == null ? AutomationPolicy.defaults() : policy;
        starts = List.copyOf(starts == null ? List.of() : starts);
    }

    /** Never written: default policy, nothing started, not frozen. */
    public static AutomationState initial(EnvironmentRef environment) {
        return new AutomationState(environment, 0, AutomationPolicy.defaults(), null, List.of(), null, null);
    }

    public boolean frozen() {
        return freeze != null;
    }

    public Optional<AutomaticStart> start(String executionName) {
        return starts.stream().filter(s -> s.executionName().equals(executionName)).findFirst();
    }

    public Optional<AutomaticStart> lastStart() {
        return starts.stream().max(Comparator.comparing(AutomaticStart::at));
    }

    /** The starts that count toward the cap at {@code now}: within the last hour and after the last resume. */
    public List<AutomaticStart> startsCountingAt(Instant now) {
        Instant from = now.minus(CAP_WINDOW);
        Instant since = resumedAt != null && resumedAt.isAfter(from) ? resumedAt : from;
        return starts.stream().filter(s -> s.at().isAfter(since)).toList();
    }

    /** The next revision with {@code start} added and starts older than the retention dropped. */
    public AutomationState withStart(AutomaticStart start) {
        List<AutomaticStart> kept = new ArrayList<>();
        Instant oldest = start.at().minus(RETENTION);
        for (AutomaticStart s : starts) {
            if (s.at().isAfter(oldest)) {
                kept.add(s);
            }
        }
        kept.add(start);
        while (kept.size() > MAX_STARTS) {
            kept.remove(0);
        }
        return new AutomationState(environment, revision + 1, policy, freeze, kept, resumedAt, resumedBy);
    }

    public AutomationState frozenBy(AutomationFreeze by) {
        return new AutomationState(environment, revision + 1, policy, Objects.requireNonNull(by), starts, resumedAt,
                resumedBy);
    }

    /** The freeze lifted by a person; starts before now stop counting toward the cap. */
    public AutomationState resumed(String by, Instant at) {
        return new AutomationState(environment, revision + 1, policy, null, starts, at, by);
    }

    public AutomationState withPolicy(AutomationPolicy next) {
        return new AutomationState(environment, revision + 1, next, freeze, starts, resumedAt, resumedBy);
    }
}
