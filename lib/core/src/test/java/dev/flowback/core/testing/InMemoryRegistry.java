package dev.flowback.core.testing;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.registry.VersionCatalog;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A version registry over in-memory snapshots and catalog, for tests of the registry's own rules. The catalog keeps
 * the rules the DynamoDB catalog enforces (a version id is written once); the adapters are tested on dynalite.
 */
public final class InMemoryRegistry {
    private InMemoryRegistry() {
    }

    public static VersionRegistry create() {
        return new VersionRegistry(new Snapshots(), new Catalog(), DefinitionFormats.standard(),
                new MovableClock(Instant.parse("2026-12-01T10:00:00Z")));
    }

    private static final class Snapshots implements SnapshotStore {
        private final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public boolean putIfAbsent(String key, ContentHash sha256, byte[] bytes) {
            return objects.putIfAbsent(key, bytes.clone()) == null;
        }

        @Override
        public byte[] read(String key, long maxBytes) {
            byte[] bytes = objects.get(key);
            if (bytes == null) {
                throw new NotFoundException("no object " + key);
            }
            return bytes.clone();
        }
    }

    private static final class Catalog implements VersionCatalog {
        private final Map<String, VersionRecord> versions = new HashMap<>();
        private long sequence;

        @Override
        public long nextSequence(WorkflowId workflowId) {
            return ++sequence;
        }

        @Override
        public void insert(VersionRecord record) {
            if (versions.putIfAbsent(record.workflowId() + "/" + record.versionId(), record) != null) {
                throw new VersionConflictException("exists");
            }
        }

        @Override
        public Optional<VersionRecord> find(WorkflowId w, VersionId v) {
            return Optional.ofNullable(versions.get(w + "/" + v));
        }

        @Override
        public Optional<VersionRecord> findByFingerprint(WorkflowId w, ContentHash fingerprint) {
            return of(w).filter(r -> r.fingerprint().equals(fingerprint)).max(bySequence());
        }

        @Override
        public HistoryPage history(WorkflowId w, int limit, String cursor) {
            return new HistoryPage(of(w).sorted(bySequence().reversed()).limit(limit).toList(), null);
        }

        @Override
        public Optional<VersionRecord> newestBefore(WorkflowId w, long below) {
            return of(w).filter(r -> r.sequence() < below).max(bySequence());
        }

        @Override
        public Optional<VersionRecord> newestGoodBefore(WorkflowId w, long below) {
            return of(w).filter(r -> r.sequence() < below && r.status() == VersionStatus.GOOD).max(bySequence());
        }

        @Override
        public VersionRecord setStatus(WorkflowId w, VersionId v, VersionStatus status) {
            VersionRecord updated = find(w, v).orElseThrow(() -> new NotFoundException("no " + v)).withStatus(status);
            versions.put(w + "/" + v, updated);
            return updated;
        }

        private Stream<VersionRecord> of(WorkflowId w) {
            return versions.values().stream().filter(r -> r.workflowId().equals(w));
        }

        private static Comparator<VersionRecord> bySequence() {
            return Comparator.comparingLong(VersionRecord::sequence);
        }
    }
}
