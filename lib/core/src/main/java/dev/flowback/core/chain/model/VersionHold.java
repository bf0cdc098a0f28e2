package dev.flowback.core.chain.model;

import dev.flowback.core.chain.health.SettingChecks;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A version an automatic rollback moved an environment away from, held so that nothing puts it back by itself: the
 * validate step refuses it as a target unless the request is forced, so neither automation nor a deploy without
 * {@code force} re-applies it until a person lifts the hold. Lifting keeps the record of who held and who lifted.
 *
 * @param placedBy the execution name of the automatic rollback that placed it
 * @param reason   why, in one sentence (the alarm and its state change)
 * @param liftedBy who lifted it, or null while it holds
 * @param liftedAt when it was lifted, or null while it holds
 */
public record VersionHold(
        EnvironmentRef environment,
        VersionId version,
        String placedBy,
        Instant placedAt,
        String reason,
        String liftedBy,
        Instant liftedAt) {

    public VersionHold {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(placedAt, "placedAt");
        SettingChecks.requireName("hold.placed_by", placedBy);
        reason = reason == null ? "" : reason;
    }

    /** A hold placed now, not lifted. */
    public static VersionHold placed(EnvironmentRef environment, VersionId version, String placedBy, Instant at,
                                     String reason) {
        return new VersionHold(environment, version, placedBy, at, reason, null, null);
    }

    /** Whether it still holds (nobody lifted it). */
    public boolean isActive() {
        return liftedAt == null;
    }

    public VersionHold lifted(String by, Instant at) {
        return new VersionHold(environment, version, placedBy, placedAt, reason,
                SettingChecks.requireName("hold.lifted_by", by), Objects.requireNonNull(at, "at"));
    }

    /** "v2 is held in wf/prod since ... by the automatic rollback alarm-...: reason", for refusals. */
    public String describe() {
        return version + " is held in " + environment + " since " + placedAt + " by the automatic rollback " + placedBy
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
