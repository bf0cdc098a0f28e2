package dev.flowback.core.testing;

import dev.flowback.core.chain.EmbeddedGateEngine;
import dev.flowback.core.chain.RollbackStarts;
import dev.flowback.core.chain.health.HealthFinding;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.GateState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.chain.port.StartLedger;
import dev.flowback.core.chain.port.StartLedger.StartEntry;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.chain.step.CheckDrainStep;
import dev.flowback.core.chain.step.CheckHealthStep;
import dev.flowback.core.chain.step.CompensateStep;
import dev.flowback.core.chain.step.FinishRevertStep;
import dev.flowback.core.chain.step.LockLease;
import dev.flowback.core.chain.step.PauseStep;
import dev.flowback.core.chain.step.SnapshotStep;
import dev.flowback.core.chain.step.SwitchStep;
import dev.flowback.core.chain.step.ValidateStep;
import dev.flowback.core.chain.step.VerifyStep;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.DefinitionUploads;
import dev.flowback.core.registry.DefinitionUploads.UploadUrl;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.registry.UploadLedger;
import dev.flowback.core.registry.UploadPublishing;
import dev.flowback.core.registry.UploadRecord;
import dev.flowback.core.registry.VersionCatalog;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.trigger.AlarmTrigger;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerAnnouncements;
import dev.flowback.core.trigger.port.TriggerDecisions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Flowback's ports in memory, with the same conditional rules the DynamoDB and S3 adapters implement. The port
 * contract suites in this package run against both, so the two cannot drift; the step logic is tested on these
 * without I/O. Each step is built with only the ports it uses, as the functions build them.
 */
public final class InMemoryPorts {
    public final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    public final Snapshots snapshots = new Snapshots();
    public final Catalog catalog = new Catalog();
    public final Environments environments = new Environments();
    public final Leases leases = new Leases();
    public final Journal journal = new Journal();
    public final Executions executions = new Executions(clock);
    public final Starts starts = new Starts();
    public final Uploads uploadLedger = new Uploads();
    public final Staging staging = new Staging();
    public final Holds holds = new Holds();
    public final Mappings mappings = new Mappings();
    public final Automation automation = new Automation();
    public final Decisions decisions = new Decisions();
    public final Announcements announcements = new Announcements();
    public final LockLease lockLease = new LockLease(clock, Duration.ofMinutes(15));
    /** What the health probe answers; a test sets it. */
    public HealthReport health = HealthReport.of(clock.instant(), List.of(new HealthFinding("probe", true, "ok")),
            0.0, 10.0, List.of(), null);
    /** The health probe the check-health step asks; by default it answers {@link #health}. */
    public HealthProbe probe = query -> health;
    public final VersionRegistry registry = new VersionRegistry(snapshots, catalog, DefinitionFormats.standard(),
            clock);
    /**
     * The engine the steps reach: by default the embedded gate over these ports (today's engines); a test swaps in an
     * {@link InMemoryEngine} to play an engine outside Flowback.
     */
    public EngineControl engine = new EmbeddedGateEngine(environments, leases, clock);

    /**
     * Publishes each of {@code versions} of {@code workflow} as a small Flowback JSON definition needing
     * flowback-engine ^2.1.0, its prompt the version id (so each has content of its own).
     */
    public void publishVersions(WorkflowId workflow, String... versions) {
        for (String v : versions) {
            String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"flowback-engine\","
                    + " \"version\": \"^2.1.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"},"
                    + " {\"id\": \"llm\", \"type\": \"llm\", \"params\": {\"prompt\": \"" + v + "\"}}],"
                    + " \"edges\": [{\"from\": \"start\", \"to\": \"llm\"}]}";
            registry.publish(PublishRequest.of(workflow, VersionId.of(v), json.getBytes(StandardCharsets.UTF_8),
                    "test", ""));
        }
    }

    public SnapshotStep snapshot() {
        return new SnapshotStep(registry, environments, journal, lockLease);
    }

    public ValidateStep validate() {
        return new ValidateStep(registry, environments, leases, journal, holds, clock);
    }

    public PauseStep pause() {
        return new PauseStep(environments, engine, journal, lockLease);
    }

    public CheckDrainStep checkDrain() {
        return new CheckDrainStep(environments, engine, journal, lockLease);
    }

    public SwitchStep switchStep() {
        return new SwitchStep(registry, environments, engine, journal, lockLease);
    }

    public CheckHealthStep checkHealth() {
        return new CheckHealthStep(environments, engine, journal, probe, lockLease);
    }

    public VerifyStep verify() {
        return new VerifyStep(registry, environments, engine, journal, lockLease);
    }

    public FinishRevertStep finishRevert() {
        return new FinishRevertStep(environments, engine, journal, lockLease);
    }

    public RollbackStarts rollbackStarts() {
        return new RollbackStarts(environments, registry, starts, executions, clock);
    }

    public UploadPublishing uploadPublishing() {
        return new UploadPublishing(registry, staging, uploadLedger, clock);
    }

    public CompensateStep compensate() {
        return new CompensateStep(registry, environments, engine, journal, lockLease);
    }

    /** The alarm trigger over these ports, starting executions in {@link #executions}. */
    public AlarmTrigger trigger() {
        return new AlarmTrigger(mappings, environments, journal, registry, holds, automation, decisions,
                announcements, executions, clock);
    }

    public AutomationControls controls() {
        return new AutomationControls(mappings, environments, registry, holds, automation, decisions, clock);
    }

    /** Holds per environment and version, placed and lifted as the DynamoDB items are. */
    public static final class Holds implements VersionHolds {
        private final Map<EnvironmentRef, Map<VersionId, VersionHold>> holds = new HashMap<>();

        @Override
        public boolean place(VersionHold hold) {
            Map<VersionId, VersionHold> of = holds.computeIfAbsent(hold.environment(), r -> new LinkedHashMap<>());
            VersionHold existing = of.get(hold.version());
            if (existing != null && (existing.placedBy().equals(hold.placedBy()) || existing.isActive())) {
                return existing.placedBy().equals(hold.placedBy()) && existing.isActive();
            }
            of.put(hold.version(), hold);
            return true;
        }

        @Override
        public Optional<VersionHold> find(EnvironmentRef ref, VersionId version) {
            return Optional.ofNullable(holds.getOrDefault(ref, Map.of()).get(version));
        }

        @Override
        public boolean lift(EnvironmentRef ref, VersionId version, String by, Instant at) {
            VersionHold existing = find(ref, version).orElse(null);
            if (existing == null || !existing.isActive()) {
                return false;
            }
            holds.get(ref).put(version, existing.lifted(by, at));
            return true;
        }

        @Override
        public List<VersionHold> list(EnvironmentRef ref) {
            return holds.getOrDefault(ref, Map.of()).values().stream()
                    .sorted(Comparator.comparing(h -> h.version().value())).toList();
        }
    }

    /** Alarm mappings by alarm name, created once (as the conditional put does). */
    public static final class Mappings implements AlarmMappings {
        private final Map<String, AlarmMapping> byAlarm = new HashMap<>();

        @Override
        public void create(AlarmMapping mapping) {
            if (byAlarm.putIfAbsent(mapping.alarmName(), mapping) != null) {
                throw new VersionConflictException("alarm " + mapping.alarmName() + " is mapped already");
            }
        }

        @Override
        public Optional<AlarmMapping> find(String alarmName) {
            return Optional.ofNullable(byAlarm.get(alarmName));
        }

        @Override
        public boolean remove(String alarmName) {
            return byAlarm.remove(alarmName) != null;
        }

        @Override
        public List<AlarmMapping> list(EnvironmentRef ref) {
            return byAlarm.values().stream().filter(m -> m.environment().equals(ref))
                    .sorted(Comparator.comparing(AlarmMapping::alarmName)).toList();
        }
    }

    /** The automation state per environment, written only over the revision it was read at. */
    public static final class Automation implements AutomationStore {
        public final Map<EnvironmentRef, AutomationState> states = new HashMap<>();
        /** Runs before each save, so a test can slip a concurrent writer in between a read and its write. */
        public Runnable beforeSave = () -> { };

        @Override
        public Optional<AutomationState> find(EnvironmentRef ref) {
            return Optional.ofNullable(states.get(ref));
        }

        @Override
        public boolean save(AutomationState next) {
            beforeSave.run();
            long stored = find(next.environment()).map(AutomationState::revision).orElse(0L);
            if (stored != next.revision() - 1) {
                return false;
            }
            states.put(next.environment(), next);
            return true;
        }
    }

    /** The decision record, newest first per environment; unrouted ones apart. */
    public static final class Decisions implements TriggerDecisions {
        public final List<TriggerDecision> all = new ArrayList<>();

        @Override
        public void record(TriggerDecision decision) {
            boolean seen = all.stream().anyMatch(d -> d.deliveryId().equals(decision.deliveryId())
                    && d.decidedAt().equals(decision.decidedAt()) && Objects.equals(d.environment(),
                    decision.environment()));
            if (!seen) {
                all.add(decision);
            }
        }

        @Override
        public List<TriggerDecision> recent(EnvironmentRef ref, int limit) {
            return newestFirst(all.stream().filter(d -> ref.equals(d.environment())), limit);
        }

        @Override
        public List<TriggerDecision> unrouted(int limit) {
            return newestFirst(all.stream().filter(d -> d.environment() == null), limit);
        }

        private static List<TriggerDecision> newestFirst(Stream<TriggerDecision> decisions, int limit) {
            return decisions.sorted(Comparator.comparing(TriggerDecision::decidedAt).reversed()).limit(limit)
                    .toList();
        }
    }

    /** What would have gone on the event bus, in order; {@link #failWith} makes the next announcements fail. */
    public static final class Announcements implements TriggerAnnouncements {
        public final List<TriggerDecision> announced = new ArrayList<>();
        public RuntimeException failWith;

        @Override
        public void announce(TriggerDecision decision) {
            if (failWith != null) {
                throw failWith;
            }
            announced.add(decision);
        }
    }

    /**
     * Started executions by name, with StartExecution's name rule: the same name and request is the same execution,
     * the same name with another request is refused. Nothing runs: the test drives the steps itself.
     */
    public static final class Executions implements RollbackExecutions {
        public final Map<String, RollbackRequest> started = new LinkedHashMap<>();
        private final Map<String, StartedRollback> answers = new HashMap<>();
        private final Clock clock;

        public Executions(Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized StartedRollback start(String executionName, RollbackRequest request) {
            RollbackRequest existing = started.putIfAbsent(executionName, request);
            if (existing == null) {
                StartedRollback first = new StartedRollback("arn:aws:states:local:execution:rollback:"
                        + executionName, clock.instant(), false);
                answers.put(executionName, first);
                return first;
            }
            if (!existing.equals(request)) {
                throw new VersionConflictException("an execution named " + executionName + " exists with another"
                        + " input");
            }
            StartedRollback first = answers.get(executionName);
            return new StartedRollback(first.executionArn(), first.startedAt(), true);
        }
    }

    /** Content-addressed objects, create-only. */
    public static final class Snapshots implements SnapshotStore {
        public final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public boolean putIfAbsent(String key, ContentHash sha256, byte[] bytes) {
            return objects.putIfAbsent(key, bytes.clone()) == null;
        }

        @Override
        public byte[] read(String key, long maxBytes) {
            byte[] bytes = objects.get(key);
            if (bytes == null) {
                throw new NotFoundException("snapshot " + key + " is missing");
            }
            if (bytes.length > maxBytes) {
                throw new InvalidInputException("document.size", "snapshot", "snapshot " + key + " is "
                        + bytes.length + " bytes, more than the " + maxBytes + " allowed");
            }
            return bytes.clone();
        }
    }

    /** Version metadata with a per-workflow sequence, as the DynamoDB catalog's indexes answer it. */
    public static final class Catalog implements VersionCatalog {
        private final Map<WorkflowId, Long> sequences = new HashMap<>();
        private final Map<WorkflowId, Map<VersionId, VersionRecord>> versions = new HashMap<>();

        @Override
        public synchronized long nextSequence(WorkflowId workflowId) {
            return sequences.merge(workflowId, 1L, Long::sum);
        }

        @Override
        public synchronized void insert(VersionRecord record) {
            if (versions.computeIfAbsent(record.workflowId(), w -> new HashMap<>())
                    .putIfAbsent(record.versionId(), record) != null) {
                throw new VersionConflictException("version " + record.versionId() + " of " + record.workflowId()
                        + " is taken");
            }
        }

        @Override
        public Optional<VersionRecord> find(WorkflowId w, VersionId v) {
            return Optional.ofNullable(versions.getOrDefault(w, Map.of()).get(v));
        }

        private record Claim(VersionId holder, Instant at) {
        }

        private final Map<WorkflowId, Map<ContentHash, Claim>> claims = new HashMap<>();

        @Override
        public synchronized Optional<VersionId> claimFingerprint(WorkflowId w, ContentHash fingerprint,
                                                                 VersionId claimant, Instant now,
                                                                 Instant staleBefore) {
            Map<ContentHash, Claim> of = claims.computeIfAbsent(w, x -> new HashMap<>());
            Claim held = of.get(fingerprint);
            if (held == null || held.holder().equals(claimant)
                    || find(w, held.holder()).isEmpty() && held.at().isBefore(staleBefore)) {
                of.put(fingerprint, new Claim(claimant, now));
                return Optional.empty();
            }
            return Optional.of(held.holder());
        }

        @Override
        public synchronized void releaseFingerprint(WorkflowId w, ContentHash fingerprint, VersionId claimant) {
            claims.getOrDefault(w, new HashMap<>()).computeIfPresent(fingerprint,
                    (fp, held) -> held.holder().equals(claimant) ? null : held);
        }

        @Override
        public Optional<VersionRecord> findByFingerprint(WorkflowId w, ContentHash fingerprint) {
            return of(w).filter(r -> r.fingerprint().equals(fingerprint)).max(bySequence());
        }

        /** The cursor is "{workflow}#{last sequence seen}": opaque to callers, refused for another workflow. */
        @Override
        public HistoryPage history(WorkflowId w, int limit, String cursor) {
            long below = Long.MAX_VALUE;
            if (cursor != null) {
                String prefix = w.value() + "#";
                if (!cursor.startsWith(prefix) || !cursor.substring(prefix.length()).matches("[0-9]{1,18}")) {
                    throw new InvalidInputException("cursor.invalid", "cursor", "cursor does not belong to a history"
                            + " page of " + w);
                }
                below = Long.parseLong(cursor.substring(prefix.length()));
            }
            long bound = below;
            List<VersionRecord> newer = of(w).filter(r -> r.sequence() < bound).sorted(bySequence().reversed())
                    .toList();
            List<VersionRecord> page = newer.stream().limit(limit).toList();
            String next = newer.size() > limit ? w.value() + "#" + page.get(page.size() - 1).sequence() : null;
            return new HistoryPage(page, next);
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
            VersionRecord updated = find(w, v).orElseThrow(() -> new NotFoundException("version " + v + " of " + w
                    + " does not exist")).withStatus(status);
            versions.get(w).put(v, updated);
            return updated;
        }

        private Stream<VersionRecord> of(WorkflowId w) {
            return versions.getOrDefault(w, Map.of()).values().stream();
        }

        private static Comparator<VersionRecord> bySequence() {
            return Comparator.comparingLong(VersionRecord::sequence);
        }
    }

    /** The environment item: configuration, pointer, gate and lock, changed by conditional single-item writes. */
    public static final class Environments implements EnvironmentStore {
        public final Map<EnvironmentRef, EnvironmentState> states = new HashMap<>();

        private void put(EnvironmentState s) {
            states.put(s.environment().ref(), s);
        }

        @Override
        public void create(Environment environment, Instant now) {
            if (states.containsKey(environment.ref())) {
                throw new VersionConflictException("environment " + environment.ref() + " exists");
            }
            put(new EnvironmentState(environment, ActivePointer.NOTHING_LIVE, AdmissionGate.OPEN, RollbackLock.FREE));
        }

        @Override
        public void updateSettings(Environment environment, Instant now) {
            EnvironmentState s = get(environment.ref());
            put(new EnvironmentState(environment, s.pointer(), s.gate(), s.lock()));
        }

        @Override
        public Optional<EnvironmentState> find(EnvironmentRef ref) {
            return Optional.ofNullable(states.get(ref));
        }

        @Override
        public RollbackLock acquireLock(EnvironmentRef ref, String exec, Instant now, Instant expires) {
            EnvironmentState s = get(ref);
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

        private EnvironmentState fenced(EnvironmentRef ref, String exec, long token) {
            EnvironmentState s = get(ref);
            if (!s.lock().isHeldBy(exec) || s.lock().token() != token) {
                throw new LockLostException(exec + " lost the lock");
            }
            return s;
        }

        @Override
        public EnvironmentState renewLock(EnvironmentRef ref, String exec, long token, Instant expires) {
            EnvironmentState s = fenced(ref, exec, token);
            EnvironmentState renewed = new EnvironmentState(s.environment(), s.pointer(), s.gate(),
                    new RollbackLock(exec, token, expires));
            put(renewed);
            return renewed;
        }

        @Override
        public boolean releaseLock(EnvironmentRef ref, String exec) {
            EnvironmentState s = states.get(ref);
            if (s == null || !s.lock().isHeldBy(exec)) {
                return false;
            }
            put(new EnvironmentState(s.environment(), s.pointer(), s.gate(),
                    new RollbackLock(null, s.lock().token(), null)));
            return true;
        }

        @Override
        public AdmissionGate closeGate(EnvironmentRef ref, String exec, long token, Instant now,
                                       Instant lockExpires) {
            EnvironmentState s = fenced(ref, exec, token);
            AdmissionGate gate = exec.equals(s.gate().closedBy()) ? s.gate()
                    : new AdmissionGate(GateState.CLOSED, exec, now);
            put(new EnvironmentState(s.environment(), s.pointer(), gate, new RollbackLock(exec, token, lockExpires)));
            return gate;
        }

        @Override
        public boolean reopenGate(EnvironmentRef ref, String exec) {
            EnvironmentState s = states.get(ref);
            if (s == null || !s.gate().isClosed() || !exec.equals(s.gate().closedBy())) {
                return false;
            }
            put(new EnvironmentState(s.environment(), s.pointer(), AdmissionGate.OPEN, s.lock()));
            return true;
        }

        @Override
        public SwitchOutcome switchPointer(PointerSwitch c) {
            EnvironmentState s = get(c.environment());
            ActivePointer p = s.pointer();
            if (c.switchId().equals(p.lastSwitch()) && c.target().equals(p.activeVersion())) {
                return new SwitchOutcome(s, true);
            }
            fenced(c.environment(), c.holder(), c.token());
            if (!Objects.equals(c.expected(), p.activeVersion())) {
                throw new VersionConflictException("the pointer of " + c.environment() + " is at "
                        + p.activeLabel() + ", not at " + c.expected());
            }
            ActivePointer moved = new ActivePointer(c.target(), c.targetSha256(), c.expected(), p.revision() + 1,
                    c.switchId(), c.at());
            EnvironmentState switched = new EnvironmentState(s.environment(), moved, s.gate(), s.lock());
            put(switched);
            return new SwitchOutcome(switched, false);
        }
    }

    /** Instance leases that expire. */
    public static final class Leases implements InstanceLeases {
        private final Map<EnvironmentRef, Map<String, Instant>> expiries = new HashMap<>();

        @Override
        public void put(EnvironmentRef ref, String instance, Instant admittedAt, Instant expiresAt) {
            expiries.computeIfAbsent(ref, r -> new HashMap<>()).put(instance, expiresAt);
        }

        @Override
        public void remove(EnvironmentRef ref, String instance) {
            expiries.getOrDefault(ref, new HashMap<>()).remove(instance);
        }

        @Override
        public int countActive(EnvironmentRef ref, Instant now) {
            return (int) expiries.getOrDefault(ref, Map.of()).values().stream().filter(e -> e.isAfter(now)).count();
        }

        @Override
        public int countActiveClearingExpired(EnvironmentRef ref, Instant now) {
            expiries.getOrDefault(ref, new HashMap<>()).values().removeIf(e -> !e.isAfter(now));
            return countActive(ref, now);
        }
    }

    /** Rollback records (one per execution) and the audit trail, keyed as the DynamoDB items are. */
    public static final class Journal implements RollbackJournal {
        private final Map<EnvironmentRef, Map<String, RollbackRecord>> records = new HashMap<>();
        public final List<AuditEntry> audit = new ArrayList<>();

        private Map<String, RollbackRecord> of(EnvironmentRef ref) {
            return records.computeIfAbsent(ref, r -> new HashMap<>());
        }

        /** The record of an execution in any environment, or null. */
        public RollbackRecord record(String executionId) {
            return all().stream().filter(r -> r.executionId().equals(executionId)).findFirst().orElse(null);
        }

        public List<RollbackRecord> all() {
            return records.values().stream().flatMap(m -> m.values().stream()).toList();
        }

        @Override
        public boolean open(RollbackRecord record) {
            return of(record.environment()).putIfAbsent(record.executionId(), record) == null;
        }

        @Override
        public Optional<RollbackRecord> advance(EnvironmentRef ref, String exec, Set<RollbackPhase> from,
                                                RollbackPhase to) {
            RollbackRecord r = of(ref).get(exec);
            if (r == null || !from.contains(r.phase())) {
                return Optional.empty();
            }
            RollbackRecord moved = r.inPhase(to);
            of(ref).put(exec, moved);
            return Optional.of(moved);
        }

        @Override
        public Optional<RollbackRecord> recordSwitch(EnvironmentRef ref, String exec, Set<RollbackPhase> from,
                                                     RollbackPhase to, long revision, Instant at) {
            RollbackRecord r = of(ref).get(exec);
            if (r == null || !from.contains(r.phase())) {
                return Optional.empty();
            }
            RollbackRecord moved = r.switched(to, revision, at);
            of(ref).put(exec, moved);
            return Optional.of(moved);
        }

        @Override
        public Optional<RollbackRecord> recordVerdict(EnvironmentRef ref, String exec, Set<RollbackPhase> from,
                                                      RollbackPhase to, Instant at) {
            RollbackRecord r = of(ref).get(exec);
            if (r == null || !from.contains(r.phase())) {
                return Optional.empty();
            }
            RollbackRecord moved = r.inPhase(to).verified(at);
            of(ref).put(exec, moved);
            return Optional.of(moved);
        }

        @Override
        public boolean finish(RollbackRecord record, Set<RollbackPhase> from) {
            RollbackRecord existing = of(record.environment()).get(record.executionId());
            if (existing != null && !from.contains(existing.phase())) {
                return false;
            }
            of(record.environment()).put(record.executionId(), record);
            return true;
        }

        @Override
        public Optional<RollbackRecord> find(EnvironmentRef ref, String exec) {
            return Optional.ofNullable(of(ref).get(exec));
        }

        @Override
        public void audit(AuditEntry entry) {
            // Keyed like the DynamoDB item: execution, place and step (a revert's second switch is its own entry).
            if (audit.stream().noneMatch(a -> a.executionId().equals(entry.executionId())
                    && a.place() == entry.place() && a.step().equals(entry.step()))) {
                audit.add(entry);
            }
        }

        @Override
        public List<AuditEntry> auditTrail(EnvironmentRef ref, int limit) {
            return audit.stream().filter(a -> a.environment().equals(ref)).sorted(trailOrder()).limit(limit).toList();
        }

        @Override
        public List<AuditEntry> latestAudit(EnvironmentRef ref, int limit) {
            return audit.stream().filter(a -> a.environment().equals(ref)).sorted(trailOrder().reversed())
                    .limit(limit).toList();
        }

        @Override
        public List<AuditEntry> auditOf(EnvironmentRef ref, String executionId, Instant startedAt) {
            return audit.stream().filter(a -> a.environment().equals(ref) && a.executionId().equals(executionId)
                    && a.startedAt().equals(startedAt)).sorted(trailOrder()).toList();
        }

        private static Comparator<AuditEntry> trailOrder() {
            return Comparator.comparing(AuditEntry::startedAt).thenComparing(AuditEntry::executionId)
                    .thenComparingInt(AuditEntry::place).thenComparing(AuditEntry::step);
        }
    }

    /** API start entries by environment and rollback id, claimed create-only as the DynamoDB item is. */
    public static final class Starts implements StartLedger {
        public final Map<String, StartEntry> entries = new LinkedHashMap<>();

        private static String key(EnvironmentRef ref, String id) {
            return ref + "#" + id;
        }

        @Override
        public synchronized Optional<StartEntry> claim(StartEntry entry) {
            return Optional.ofNullable(entries.putIfAbsent(key(entry.environment(), entry.rollbackId()), entry));
        }

        @Override
        public synchronized void recordStarted(EnvironmentRef ref, String id, String arn, Instant at) {
            entries.computeIfPresent(key(ref, id), (k, e) -> e.started() ? e : e.startedAs(arn, at));
        }

        @Override
        public synchronized Optional<StartEntry> find(EnvironmentRef ref, String id) {
            return Optional.ofNullable(entries.get(key(ref, id)));
        }
    }

    /** Upload records, created once, published once. */
    public static final class Uploads implements UploadLedger {
        public final Map<String, UploadRecord> records = new LinkedHashMap<>();

        @Override
        public void open(UploadRecord record) {
            if (records.putIfAbsent(record.workflowId() + "#" + record.uploadId(), record) != null) {
                throw new VersionConflictException("upload " + record.uploadId() + " exists");
            }
        }

        @Override
        public Optional<UploadRecord> find(WorkflowId workflow, String uploadId) {
            return Optional.ofNullable(records.get(workflow + "#" + uploadId));
        }

        @Override
        public boolean markPublished(WorkflowId workflow, String uploadId, VersionId version) {
            UploadRecord record = records.get(workflow + "#" + uploadId);
            if (record == null || record.published().isPresent()) {
                return false;
            }
            records.put(workflow + "#" + uploadId, record.publishedAs(version));
            return true;
        }
    }

    /** A staging area whose "URL" is the key itself; a test puts the bytes with {@link #put}. */
    public static final class Staging implements DefinitionUploads {
        public final Map<String, byte[]> objects = new HashMap<>();

        @Override
        public UploadUrl offer(String key, Duration validFor) {
            return new UploadUrl(URI.create("memory:/" + key), Map.of());
        }

        @Override
        public URI download(String key, Duration validFor) {
            return URI.create("memory:/" + key);
        }

        @Override
        public byte[] read(String key, long maxBytes) {
            byte[] bytes = objects.get(key);
            if (bytes == null) {
                throw new NotFoundException("nothing staged at " + key);
            }
            if (bytes.length > maxBytes) {
                throw new InvalidInputException("document.size", "definition", "the upload is " + bytes.length
                        + " bytes, more than the " + maxBytes + " allowed");
            }
            return bytes.clone();
        }

        public void put(URI url, byte[] bytes) {
            objects.put(url.getPath().substring(1), bytes.clone());
        }
    }
}
