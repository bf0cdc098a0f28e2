package dev.flowback.core.chain.model;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.Optional;

/**
 * What an environment runs: the active version and its SHA-256, the version live before it, a revision bumped by
 * every switch, the switch that made it live (how a replayed switch recognises its own work) and when.
 *
 * @param lastSwitch the switch id of the last switch ({@code {execution}}, or {@code {execution}#revert}), or null
 * @param switchedAt when the last switch happened, or null when nothing was ever switched
 */
public record ActivePointer(
        VersionId activeVersion,
        ContentHash activeSha256,
        VersionId previousVersion,
        long revision,
        String lastSwitch,
        Instant switchedAt) {

    public static final ActivePointer NOTHING_LIVE = new ActivePointer(null, null, null, 0, null, null);

    public Optional<VersionId> active() {
        return Optional.ofNullable(activeVersion);
    }

    public Optional<VersionId> previous() {
        return Optional.ofNullable(previousVersion);
    }

    public String activeLabel() {
        return activeVersion == null ? "nothing" : activeVersion.value();
    }
}
