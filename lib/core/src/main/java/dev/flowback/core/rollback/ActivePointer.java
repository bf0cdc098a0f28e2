package dev.flowback.core.rollback;

import dev.flowback.core.id.VersionId;
import java.util.Optional;

/**
 * What an environment runs: the active version and its SHA-256, the version live before it, a revision bumped by
 * every switch, and the execution that made the last switch (how a replayed switch recognises its own work).
 */
public record ActivePointer(
        VersionId activeVersion,
        String activeSha256,
        VersionId previousVersion,
        long revision,
        String lastSwitch) {

    public static final ActivePointer NOTHING_LIVE = new ActivePointer(null, null, null, 0, null);

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
