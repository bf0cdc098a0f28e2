package dev.flowback.store.dynamodb;

import static dev.flowback.store.dynamodb.Attributes.n;
import static dev.flowback.store.dynamodb.Attributes.s;

import dev.flowback.core.chain.model.AdmissionGate;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.GateState;
import dev.flowback.core.chain.model.RollbackLock;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.EnvironmentRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The environment item: configuration, active pointer, admission gate and rollback lock in one item, so that a
 * switch that checks the lock's fencing token and the expected version is one conditional UpdateItem. When a
 * condition fails, a consistent read of the item tells why (a replay of our own write, someone else's lock, a
 * pointer that moved) and the answer or error says so.
 */
public final class DynamoEnvironmentStore implements EnvironmentStore {
    /** A lock freed between our failed write and our read: try again, a few times at most. */
    private static final int LOCK_ATTEMPTS = 3;

    private final DynamoRequests requests;

    public DynamoEnvironmentStore(DynamoDbClient dynamo, String table) {
        this.requests = new DynamoRequests(dynamo, table);
    }

    @Override
    public void create(Environment environment, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(EnvironmentItems.environmentKey(environment.ref()));
        item.put("type", s("ENVIRONMENT"));
        item.put("workflowId", s(environment.ref().workflow().value()));
        item.put("environment", s(environment.ref().environment().value()));
        item.putAll(EnvironmentItems.settings(environment));
        item.put("revision", n(0));
        item.put("gate", s(GateState.OPEN.name()));
        item.put("lockToken", n(0));
        item.put("createdAt", s(now.toString()));
        item.put("updatedAt", s(now.toString()));
        boolean created = requests.conditional("creating environment " + environment.ref(), () ->
                requests.dynamo().putItem(b -> b.tableName(requests.table()).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK)))).isPresent();
        if (!created) {
            throw new VersionConflictException("environment " + environment.ref() + " already exists; update it"
                    + " instead");
        }
    }

    @Override
    public void updateSettings(Environment environment, Instant now) {
        Map<String, AttributeValue> settings = EnvironmentItems.settings(environment);
        Map<String, String> names = new HashMap<>(Map.of("#pk", FlowbackTable.PK));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (String attribute : EnvironmentItems.SETTINGS) {
            names.put("#" + attribute, attribute);
            if (settings.containsKey(attribute)) {
                set.add("#" + attribute + " = :" + attribute);
                values.put(":" + attribute, settings.get(attribute));
            } else {
                remove.add("#" + attribute);
            }
        }
        set.add("updatedAt = :updatedAt");
        values.put(":updatedAt", s(now.toString()));
        String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE "
                + String.join(", ", remove));
        boolean updated = requests.conditional("updating environment " + environment.ref(), () ->
                requests.dynamo().updateItem(b -> b.tableName(requests.table())
                        .key(EnvironmentItems.environmentKey(environment.ref()))
                        .updateExpression(expression)
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values))).isPresent();
        if (!updated) {
            throw EnvironmentStore.notFound(environment.ref());
        }
    }

    @Override
    public Optional<EnvironmentState> find(EnvironmentRef environment) {
        Map<String, AttributeValue> item = read(environment);
        return item.isEmpty() ? Optional.empty() : Optional.of(EnvironmentItems.fromItem(item));
    }

    @Override
    public RollbackLock acquireLock(EnvironmentRef environment, String executionId,
                                    Instant now, Instant expiresAt) {
        return acquireLockReading(environment, executionId, now, expiresAt).lock();
    }

    /** The item the lock's write answered (ALL_NEW), or the reopened gate's: no read after it. */
    @Override
    public EnvironmentState acquireLockReading(EnvironmentRef environment, String executionId,
                                               Instant now, Instant expiresAt) {
        String label = environment.toString();
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, AttributeValue>> taken = update("taking the rollback lock of " + label,
                    request(environment)
                            .updateExpression("SET lockHolder = :me, lockExpiresAt = :expires, lockAcquiredAt = :now,"
                                    + " lockToken = if_not_exists(lockToken, :zero) + :one")
                            .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(lockHolder)"
                                    + " OR lockExpiresAt <= :nowMillis)")
                            .expressionAttributeNames(Map.of("#pk", FlowbackTable.PK))
                            .expressionAttributeValues(Map.of(":me", s(executionId),
                                    ":expires", n(expiresAt.toEpochMilli()), ":now", s(now.toString()),
                                    ":nowMillis", n(now.toEpochMilli()), ":zero", n(0), ":one", n(1))));
            if (taken.isEmpty()) {
                // Re-entry: a retried snapshot step of the same execution keeps its token.
                taken = update("re-entering the rollback lock of " + label, request(environment)
                        .updateExpression("SET lockExpiresAt = :expires")
                        .conditionExpression("lockHolder = :me")
                        .expressionAttributeValues(Map.of(":me", s(executionId),
                                ":expires", n(expiresAt.toEpochMilli()))));
            }
            if (taken.isPresent()) {
                // Also on re-entry: a retried snapshot whose first attempt failed after the takeover finishes it.
                return reopenAbandonedGate(environment, executionId, taken.get());
            }
            Map<String, AttributeValue> item = read(environment);
            if (item.isEmpty()) {
                throw EnvironmentStore.notFound(environment);
            }
            RollbackLock lock = EnvironmentItems.fromItem(item).lock();
            if (lock.isHeld(now) || attempt == LOCK_ATTEMPTS) {
                throw new RollbackInProgressException("another rollback of " + label + " is in progress: execution "
                        + lock.holder() + " holds the lock until " + lock.expiresAt() + " (token " + lock.token()
                        + "); wait for it to finish or for its lease to expire", lock.holder(),
                        String.valueOf(lock.expiresAt()));
            }
        }
    }

    /**
     * With the lock held, a gate still closed by another execution was left by a holder that lost the lock (only the
     * holder can close it; this one's lease ran out: it crashed between its pause and its compensation). A second
     * conditional update, not a transaction: it applies only while that execution is still the closer and we still
     * hold the lock with the token just taken, so it can never reopen a gate this or a later holder closed. Should it
     * not apply, nothing is lost: the gate binds engines only while its closer holds the lock, and our own pause
     * closes it afresh.
     */
    private EnvironmentState reopenAbandonedGate(EnvironmentRef environment, String executionId,
                                                 Map<String, AttributeValue> item) {
        EnvironmentState state = EnvironmentItems.fromItem(item);
        String closer = state.gate().closedBy();
        if (!state.gate().isClosed() || closer == null || closer.equals(executionId)) {
            return state;
        }
        return update("reopening the gate " + closer + " left closed on " + environment,
                request(environment)
                        .updateExpression("SET gate = :open REMOVE gateClosedBy, gateClosedAt")
                        .conditionExpression("gate = :closed AND gateClosedBy = :closer AND lockHolder = :me"
                                + " AND lockToken = :token")
                        .expressionAttributeValues(Map.of(":open", s(GateState.OPEN.name()),
                                ":closed", s(GateState.CLOSED.name()), ":closer", s(closer), ":me", s(executionId),
                                ":token", n(state.lock().token()))))
                .map(EnvironmentItems::fromItem).orElse(state);
    }

    @Override
    public EnvironmentState renewLock(EnvironmentRef environment, String executionId, long token,
                                      Instant expiresAt) {
        Optional<Map<String, AttributeValue>> renewed = update("renewing the rollback lock of " + environment,
                request(environment)
                .updateExpression("SET lockExpiresAt = :expires")
                .conditionExpression("lockHolder = :me AND lockToken = :token")
                .expressionAttributeValues(Map.of(":me", s(executionId), ":token", n(token),
                        ":expires", n(expiresAt.toEpochMilli()))));
        return EnvironmentItems.fromItem(renewed.orElseThrow(() -> lockLost(environment, executionId, token)));
    }

    @Override
    public boolean releaseLock(EnvironmentRef environment, String executionId) {
        return update("releasing the rollback lock of " + environment, request(environment)
                .updateExpression("REMOVE lockHolder, lockExpiresAt, lockAcquiredAt")
                .conditionExpression("lockHolder = :me")
                .expressionAttributeValues(Map.of(":me", s(executionId)))).isPresent();
    }

    @Override
    public AdmissionGate closeGate(EnvironmentRef environment, String executionId, long token,
                                   Instant now, Instant lockExpiresAt) {
        // The closing time is set only by the first close of this execution: a replay keeps it (same drain
        // deadline), while a gate some crashed execution left closed gets a fresh one.
        Optional<Map<String, AttributeValue>> closed = update("closing the gate of " + environment,
                request(environment)
                        .updateExpression("SET gate = :closed, gateClosedBy = :me, gateClosedAt = :now,"
                                + " lockExpiresAt = :expires")
                        .conditionExpression("lockHolder = :me AND lockToken = :token AND"
                                + " (attribute_not_exists(gateClosedBy) OR gateClosedBy <> :me)")
                        .expressionAttributeValues(Map.of(":closed", s(GateState.CLOSED.name()), ":me",
                                s(executionId), ":now", s(now.toString()), ":token", n(token),
                                ":expires", n(lockExpiresAt.toEpochMilli()))));
        if (closed.isPresent()) {
            return EnvironmentItems.fromItem(closed.get()).gate();
        }
        renewLock(environment, executionId, token, lockExpiresAt);
        AdmissionGate gate = find(environment).orElseThrow().gate();
        if (!gate.isClosed() || !executionId.equals(gate.closedBy())) {
            throw new LockLostException("the gate of " + environment + " was reopened while "
                    + executionId + " was pausing it");
        }
        return gate;
    }

    @Override
    public boolean reopenGate(EnvironmentRef environment, String executionId) {
        return update("reopening the gate of " + environment, request(environment)
                .updateExpression("SET gate = :open REMOVE gateClosedBy, gateClosedAt")
                .conditionExpression("gate = :closed AND gateClosedBy = :me")
                .expressionAttributeValues(Map.of(":open", s(GateState.OPEN.name()),
                        ":closed", s(GateState.CLOSED.name()), ":me", s(executionId)))).isPresent();
    }

    @Override
    public SwitchOutcome switchPointer(PointerSwitch change) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":holder", s(change.holder()),
                ":token", n(change.token()), ":target", s(change.target().value()),
                ":sha", s(change.targetSha256().hex()), ":one", n(1), ":zero", n(0), ":switch", s(change.switchId()),
                ":at", s(change.at().toString()), ":expires", n(change.lockExpiresAt().toEpochMilli())));
        String update = "SET activeVersion = :target, activeSha256 = :sha, revision = if_not_exists(revision, :zero)"
                + " + :one, lastSwitch = :switch, switchedAt = :at, lockExpiresAt = :expires";
        String condition = "lockHolder = :holder AND lockToken = :token AND ";
        if (change.expected() == null) {
            update += " REMOVE previousVersion";
            condition += "attribute_not_exists(activeVersion)";
        } else {
            update = update.replace("SET ", "SET previousVersion = :expected, ");
            condition += "activeVersion = :expected";
            values.put(":expected", s(change.expected().value()));
        }
        String label = change.environment().toString();
        Optional<Map<String, AttributeValue>> switched = update("switching the active version of " + label,
                request(change.environment()).updateExpression(update)
                        .conditionExpression(condition).expressionAttributeValues(values));
        if (switched.isPresent()) {
            return new SwitchOutcome(EnvironmentItems.fromItem(switched.get()), false);
        }
        EnvironmentState state = find(change.environment()).orElseThrow(() ->
                new NotFoundException("environment " + label + " disappeared during the switch"));
        if (change.switchId().equals(state.pointer().lastSwitch())
                && change.target().equals(state.pointer().activeVersion())) {
            return new SwitchOutcome(state, true);
        }
        if (!state.lock().isHeldBy(change.holder()) || state.lock().token() != change.token()) {
            throw lockLost(change.environment(), change.holder(), change.token());
        }
        throw new VersionConflictException("the active version of " + label + " is "
                + state.pointer().activeLabel() + ", not the expected " + (change.expected() == null ? "nothing"
                : change.expected()) + " (revision " + state.pointer().revision() + "); nothing was switched");
    }

    private LockLostException lockLost(EnvironmentRef environment, String executionId,
                                       long token) {
        RollbackLock lock = find(environment).map(EnvironmentState::lock).orElse(RollbackLock.FREE);
        return new LockLostException(executionId + " no longer holds the rollback lock of " + environment
                + " with token " + token + ": " + (lock.holder() == null ? "the lock is free"
                : "it is held by " + lock.holder() + " with token " + lock.token() + " until " + lock.expiresAt()));
    }

    private Map<String, AttributeValue> read(EnvironmentRef environment) {
        return requests.get("reading environment " + environment,
                EnvironmentItems.environmentKey(environment));
    }

    private UpdateItemRequest.Builder request(EnvironmentRef environment) {
        return UpdateItemRequest.builder().tableName(requests.table())
                .key(EnvironmentItems.environmentKey(environment))
                .returnValues(ReturnValue.ALL_NEW);
    }

    /** The item after the update, or empty when the condition failed. */
    private Optional<Map<String, AttributeValue>> update(String what, UpdateItemRequest.Builder builder) {
        UpdateItemRequest request = builder.build();
        return requests.conditional(what, () -> requests.dynamo().updateItem(request).attributes());
    }
}
