package dev.flowback.core.rollback;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.registry.VersionCatalog;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain's ports in memory, with the same conditional rules the DynamoDB adapters implement (those are tested
 * against dynalite in adapter-dynamodb), so the step logic is tested here without I/O.
 */
final class InMemoryPorts {
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    final Snapshots snapshots = new Snapshots();
    final Catalog catalog = new Catalog();
    final Environments environments = new Environments();
    final Leases leases = new Leases();
    final Journal journal = new Journal();
    HealthReport health = HealthReport.of("now", List.of(new HealthFinding("probe", true, "ok")), 0.0, 10.0,
            List.of(), null);
    final VersionRegistry registry = new VersionRegistry(snapshots, catalog, DefinitionFormats.standard(), clock);
    final ChainPorts ports = new ChainPorts(registry, environments, leases, journal, env -> health, clock,
            Duration.ofMinutes(15));

    static final class Snapshots implements SnapshotStore {
        final Map<String, byte[]> objects = new HashMap<>();

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

    static final class Catalog implements VersionCatalog {
        final Map<String, VersionRecord> versions = new HashMap<>();
        private long sequence;

        private static String key(WorkflowId w, VersionId v) {
            return w + "/" + v;
        }

        @Override
        public long nextSequence(WorkflowId workflowId) {
            return ++sequence;
        }

        @Override
        public void insert(VersionRecord record) {
            if (versions.putIfAbsent(key(record.workflowId(), record.versionId()), record) != null) {
                throw new VersionConflictException("exists");
            }
        }

        @Override
        public Optional<VersionRecord> find(WorkflowId w, VersionId v) {
            return Optional.ofNullable(versions.get(key(w, v)));
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
            versions.put(key(w, v), updated);
            return updated;
        }

        private java.util.stream.Stream<VersionRecord> of(WorkflowId w) {
            return versions.values().stream().filter(r -> r.workflowId().equals(w));
        }

        private static Comparator<VersionRecord> bySequence() {
            return Comparator.comparingLong(VersionRecord::sequence);
        }
    }

    final class Environments implements EnvironmentStore {
        final Map<String, EnvironmentState> states = new HashMap<>();

        private static String key(WorkflowId w, EnvironmentName e) {
            return w + "/" + e;
        }

        private EnvironmentState get(WorkflowId w, EnvironmentName e) {
            EnvironmentState state = states.get(key(w, e));
            if (state == null) {
                throw new NotFoundException("no environment " + e);
            }
            return state;
        }

        private void put(EnvironmentState s) {
            states.put(key(s.environment().workflowId(), s.environment().name()), s);
        }

        @Override
        public void create(Environment environment, Instant now) {
            if (states.containsKey(key(environment.workflowId(), environment.name()))) {
                throw new VersionConflictException("exists");
            }
            put(new EnvironmentState(environment, ActivePointer.NOTHING_LIVE, AdmissionGate.OPEN, RollbackLock.FREE));
        }

        @Override
        public void updateSettings(Environment environment, Instant now) {
            EnvironmentState s = get(environment.workflowId(), environment.name());
            put(new EnvironmentState(environment, s.pointer(), s.gate(), s.lock()));
        }

        @Override
        public Optional<EnvironmentState> find(WorkflowId w, EnvironmentName e) {
            return Optional.ofNullable(states.get(key(w, e)));
        }

        @Override
        public RollbackLock acquireLock(WorkflowId w, EnvironmentName e, String exec, Instant now, Instant expires) {
            EnvironmentState s = get(w, e);
            RollbackLock lock = s.lock();
            RollbackLock taken;
            if (lock.isHeldBy(exec)) {
                taken = new RollbackLock(exec, lock.token(), expires);
            } else if (!lock.isHeld(now)) {
                taken = new RollbackLock(exec, lock.token() + 1, expires);
            } else {
                throw new RollbackInProgressException("held by " + lock.holder(), lock.holder(),
                        lock.expiresAt().toString());
            }
            // As the DynamoDB store: a gate closed by an execution that no longer holds the lock is reopened.
            AdmissionGate gate = s.gate().isClosed() && !exec.equals(s.gate().closedBy()) ? AdmissionGate.OPEN
                    : s.gate();
            put(new EnvironmentState(s.environment(), s.pointer(), gate, taken));
            return taken;
        }

        private EnvironmentState fenced(WorkflowId w, EnvironmentName e, String exec, long token) {
            EnvironmentState s = get(w, e);
            if (!s.lock().isHeldBy(exec) || s.lock().token() != token) {
                throw new LockLostException(exec + " lost the lock");
            }
            return s;
        }

        @Override
        public void renewLock(WorkflowId w, EnvironmentName e, String exec, long token, Instant expires) {
            EnvironmentState s = fenced(w, e, exec, token);
            put(new EnvironmentState(s.environment(), s.pointer(), s.gate(), new RollbackLock(exec, token, expires)));
        }

        @Override
        public boolean releaseLock(WorkflowId w, EnvironmentName e, String exec) {
            EnvironmentState s = states.get(key(w, e));
            if (s == null || !s.lock().isHeldBy(exec)) {
                return false;
            }
            put(new EnvironmentState(s.environment(), s.pointer(), s.gate(),
                    new RollbackLock(null, s.lock().token(), null)));
            return true;
        }

        @Override
        public AdmissionGate closeGate(WorkflowId w, EnvironmentName e, String exec, long token, Instant now,
                                       Instant lockExpires) {
            EnvironmentState s = fenced(w, e, exec, token);
            AdmissionGate gate = exec.equals(s.gate().closedBy()) ? s.gate()
                    : new AdmissionGate(GateState.CLOSED, exec, now);
            put(new EnvironmentState(s.environment(), s.pointer(), gate, new RollbackLock(exec, token, lockExpires)));
            return gate;
        }

        @Override
        public boolean reopenGate(WorkflowId w, EnvironmentName e, String exec) {
            EnvironmentState s = states.get(key(w, e));
            if (s == null || !s.gate().isClosed() || !exec.equals(s.gate().closedBy())) {
                return false;
            }
            put(new EnvironmentState(s.environment(), s.pointer(), AdmissionGate.OPEN, s.lock()));
            return true;
        }

        @Override
        public SwitchOutcome switchPointer(PointerSwitch c) {
            EnvironmentState s = get(c.workflow(), c.environment());
            ActivePointer p = s.pointer();
            if (c.switchId().equals(p.lastSwitch()) && c.target().equals(p.activeVersion())) {
                return new SwitchOutcome(p, true);
            }
            fenced(c.workflow(), c.environment(), c.holder(), c.token());
            if (!java.util.Objects.equals(c.expected(), p.activeVersion())) {
                throw new VersionConflictException("pointer moved");
            }
            ActivePointer moved = new ActivePointer(c.target(), c.targetSha256(), c.expected(), p.revision() + 1,
                    c.switchId());
            put(new EnvironmentState(s.environment(), moved, s.gate(), s.lock()));
            return new SwitchOutcome(moved, false);
        }
    }

    static final class Leases implements InstanceLeases {
        final Map<String, Instant> expiries = new HashMap<>();

        @Override
        public void put(WorkflowId w, EnvironmentName e, String instance, Instant admittedAt, Instant expiresAt) {
            expiries.put(w + "/" + e + "/" + instance, expiresAt);
        }

        @Override
        public void remove(WorkflowId w, EnvironmentName e, String instance) {
            expiries.remove(w + "/" + e + "/" + instance);
        }

        @Override
        public int countActive(WorkflowId w, EnvironmentName e, Instant now) {
            return (int) expiries.entrySet().stream()
                    .filter(x -> x.getKey().startsWith(w + "/" + e + "/") && x.getValue().isAfter(now)).count();
        }
    }

    static final class Journal implements RollbackJournal {
        final Map<String, RollbackRecord> records = new HashMap<>();
        final List<AuditEntry> audit = new ArrayList<>();

        @Override
        public void open(RollbackRecord record) {
            records.putIfAbsent(record.executionId(), record);
        }

        @Override
        public void recordSwitch(WorkflowId w, EnvironmentName e, String exec, long revision, String at) {
            RollbackRecord r = records.get(exec);
            if (r != null) {
                records.put(exec, new RollbackRecord(r.executionId(), r.workflowId(), r.environment(), r.status(),
                        r.fromVersion(), r.fromSha256(), r.targetVersion(), r.targetSha256(), r.requestedTarget(),
                        r.reason(), r.trigger(), r.requestedBy(), r.force(), r.startedAt(),
                        r.switchedAt() == null ? at : r.switchedAt(), revision, r.finishedAt(), r.error(),
                        r.message(), r.health()));
            }
        }

        @Override
        public boolean finish(RollbackRecord record) {
            RollbackRecord existing = records.get(record.executionId());
            if (existing != null && existing.status().isFinal()) {
                return false;
            }
            records.put(record.executionId(), record);
            return true;
        }

        @Override
        public Optional<RollbackRecord> find(WorkflowId w, EnvironmentName e, String exec) {
            return Optional.ofNullable(records.get(exec));
        }

        @Override
        public void audit(AuditEntry entry) {
            // Keyed like the DynamoDB item: execution, place and step (a revert's second switch is its own entry).
            if (audit.stream().noneMatch(a -> a.executionId().equals(entry.executionId())
                    && a.ordinal() == entry.ordinal() && a.step().equals(entry.step()))) {
                audit.add(entry);
            }
        }

        @Override
        public List<AuditEntry> auditTrail(WorkflowId w, EnvironmentName e, int limit) {
            return audit.stream().limit(limit).toList();
        }
    }
}
