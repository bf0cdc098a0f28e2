package dev.flowback.core.chain;

import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import java.util.List;
import java.util.Optional;

/**
 * An environment as an operator wants to see it before acting: its settings, what runs, gate and lock, the version
 * a rollback to {@code last-known-good} would pick right now, and the latest steps taken there. Three bounded reads.
 */
public final class EnvironmentOverviews {
    /** How many of the latest audit entries an overview carries. */
    public static final int RECENT = 10;

    private final EnvironmentStore environments;
    private final VersionRegistry registry;
    private final RollbackJournal journal;

    public EnvironmentOverviews(EnvironmentStore environments, VersionRegistry registry, RollbackJournal journal) {
        this.environments = environments;
        this.registry = registry;
        this.journal = journal;
    }

    /**
     * @param lastKnownGood what {@code last-known-good} resolves to now, or null when no version qualifies
     * @param recent        the latest audit entries, newest first
     */
    public record EnvironmentOverview(EnvironmentState state, VersionRecord lastKnownGood, List<AuditEntry> recent) {
        public EnvironmentOverview {
            recent = List.copyOf(recent);
        }

        public Optional<VersionRecord> lastKnownGoodVersion() {
            return Optional.ofNullable(lastKnownGood);
        }
    }

    public EnvironmentOverview read(EnvironmentRef ref) {
        EnvironmentState state = environments.get(ref);
        VersionRecord lastKnownGood;
        try {
            lastKnownGood = registry.resolve(ref.workflow(), VersionRef.parse("target_version",
                    VersionRef.LAST_KNOWN_GOOD), state.pointer().active());
        } catch (NotFoundException e) {
            lastKnownGood = null;
        }
        return new EnvironmentOverview(state, lastKnownGood, journal.latestAudit(ref, RECENT));
    }
}
