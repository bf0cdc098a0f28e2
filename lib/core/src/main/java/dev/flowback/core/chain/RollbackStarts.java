package dev.flowback.core.chain;

import dev.flowback.core.chain.model.ActivePointer;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.port.RollbackExecutions.StartedRollback;
import dev.flowback.core.chain.port.StartLedger;
import dev.flowback.core.chain.port.StartLedger.StartEntry;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.registry.VersionRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Starting a rollback on request (the API): the request is checked against what exists (the environment, the
 * target, the lock) before anything is written, then claimed in the {@link StartLedger} under its rollback id, and
 * the rollback state machine is started under that id as the execution's name.
 *
 * <p>With an idempotency key the rollback id is derived from the environment, the requester and the key, so a retry
 * finds the first request's entry and gets its answer. Two concurrent requests with one key both reach the claim;
 * the single-item conditional write lets exactly one claim it. The other (like a retry after a crash between the
 * claim and the start) starts the execution under the same name with the same input, which Step Functions answers
 * with the execution already started: either way one execution runs. A key reused for a different request is
 * refused.
 */
public final class RollbackStarts {
    public static final String KEY_FIELD = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    private static final String PREFIX = "api-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnvironmentStore environments;
    private final VersionRegistry registry;
    private final StartLedger ledger;
    private final RollbackExecutions executions;
    private final Clock clock;

    public RollbackStarts(EnvironmentStore environments, VersionRegistry registry, StartLedger ledger,
                          RollbackExecutions executions, Clock clock) {
        this.environments = environments;
        this.registry = registry;
        this.ledger = ledger;
        this.executions = executions;
        this.clock = clock;
    }

    /** The rollback's entry, started, and whether this call only found what an earlier one started. */
    public record Started(StartEntry entry, boolean replayed) {
    }

    /**
     * Starts {@code request} (not a dry run: a dry run starts nothing and needs no key).
     *
     * @param idempotencyKey the caller's key, or null
     */
    public Started start(RollbackRequest request, String idempotencyKey) {
        if (request.dryRun()) {
            throw new IllegalArgumentException("a dry run is planned, not started");
        }
        EnvironmentRef ref = request.ref();
        String fingerprint = fingerprint(request);
        String rollbackId;
        if (idempotencyKey != null) {
            rollbackId = PREFIX + ContentHash.of((ref + "\n" + request.requestedBy() + "\n" + checkKey(idempotencyKey))
                    .getBytes(StandardCharsets.UTF_8)).hex().substring(0, 40);
            Optional<StartEntry> earlier = ledger.find(ref, rollbackId);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint, request);
            }
        } else {
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            rollbackId = PREFIX + HexFormat.of().formatHex(random);
        }
        try {
            check(request);
        } catch (RollbackInProgressException e) {
            // A concurrent request with this key may have started its execution between our look-up and the check:
            // then the lock is held by this very rollback, and the answer is its.
            Optional<StartEntry> concurrent = idempotencyKey == null ? Optional.empty()
                    : ledger.find(ref, rollbackId);
            if (concurrent.isPresent()) {
                return replay(concurrent.get(), fingerprint, request);
            }
            throw e;
        }
        StartEntry entry = new StartEntry(ref, rollbackId, fingerprint, request.target(), request.reason(),
                request.force(), request.requestedBy(), clock.instant(), null, null);
        Optional<StartEntry> other = ledger.claim(entry);
        if (other.isPresent()) {
            return replay(other.get(), fingerprint, request);
        }
        return new Started(startExecution(entry, request), false);
    }

    private Started replay(StartEntry earlier, String fingerprint, RollbackRequest request) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw new InvalidInputException("idempotency.key_reused", KEY_FIELD, KEY_FIELD + " was first used for"
                    + " another request (target_version " + earlier.target() + ", requested at "
                    + earlier.requestedAt() + "); a key names one request: use a new key for a new request");
        }
        if (earlier.started()) {
            return new Started(earlier, true);
        }
        // Claimed by a request that has not recorded its execution (yet, or ever): same name, same input.
        return new Started(startExecution(earlier, request), true);
    }

    private StartEntry startExecution(StartEntry entry, RollbackRequest request) {
        StartedRollback started = executions.start(entry.rollbackId(), request);
        ledger.recordStarted(entry.environment(), entry.rollbackId(), started.executionArn(), started.startedAt());
        return entry.startedAs(started.executionArn(), started.startedAt());
    }

    /** What the snapshot step would refuse at once, refused before anything is written: a 4xx, not a failed run. */
    private void check(RollbackRequest request) {
        EnvironmentRef ref = request.ref();
        EnvironmentState state = environments.find(ref).orElseThrow(() -> registry.hasVersions(ref.workflow())
                ? EnvironmentStore.notFound(ref) : EnvironmentStore.unknownWorkflow(ref));
        ActivePointer live = state.pointer();
        try {
            if (request.target().kind() == VersionRef.Kind.PREVIOUS && live.previous().isPresent()) {
                registry.get(ref.workflow(), live.previousVersion());
            } else {
                registry.resolve(ref.workflow(), request.target(), live.active());
            }
        } catch (NotFoundException e) {
            throw new NotFoundException("target_version \"" + request.target() + "\": " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        RollbackLock lock = state.lock();
        if (lock.isHeld(now)) {
            throw new RollbackInProgressException("another rollback of " + ref + " is in progress: execution "
                    + lock.holder() + " holds the lock until " + lock.expiresAt() + "; wait for it to finish",
                    lock.holder(), String.valueOf(lock.expiresAt()));
        }
    }

    private static String fingerprint(RollbackRequest r) {
        String canonical = String.join("\n", r.ref().toString(), r.target().toString(), r.reason(),
                Boolean.toString(r.force()), r.requestedBy(), r.trigger().wireName());
        return ContentHash.of(canonical.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static String checkKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException("header.syntax", KEY_FIELD, KEY_FIELD + " must be 1 to 128 letters,"
                    + " digits, '.', '_', ':' or '-', starting with a letter or digit (a UUID will do)");
        }
        return key;
    }
}
