package dev.flowback.core.chain.port;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Outgoing port: one entry per rollback started through the API (DynamoDB in production), claimed before the
 * execution starts and completed with its ARN after. The claim is one conditional single-item write on the rollback
 * id, so of two requests carrying one idempotency key (whose rollback id is derived from the key) exactly one
 * claims it; the other finds the entry and answers from it. It also lets a rollback be read before its execution
 * has written a record.
 */
public interface StartLedger {
    /** Writes the entry unless one with its rollback id exists; returns the existing entry, or empty when claimed. */
    Optional<StartEntry> claim(StartEntry entry);

    /** Notes the execution on the entry; writing the same values again changes nothing. */
    void recordStarted(EnvironmentRef environment, String rollbackId, String executionArn, Instant startedAt);

    Optional<StartEntry> find(EnvironmentRef environment, String rollbackId);

    /**
     * A rollback the API was asked to start.
     *
     * @param rollbackId   the execution's name
     * @param fingerprint  SHA-256 of what was asked (target, reason, force, requester), so a key reused for another
     *                     request is recognised
     * @param executionArn null until the execution has started
     * @param startedAt    null until the execution has started
     */
    record StartEntry(
            EnvironmentRef environment,
            String rollbackId,
            String fingerprint,
            VersionRef target,
            String reason,
            boolean force,
            String requestedBy,
            Instant requestedAt,
            String executionArn,
            Instant startedAt) {

        public StartEntry {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(rollbackId, "rollbackId");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }

        public boolean started() {
            return executionArn != null;
        }

        public StartEntry startedAs(String arn, Instant at) {
            return new StartEntry(environment, rollbackId, fingerprint, target, reason, force, requestedBy,
                    requestedAt, arn, at);
        }
    }
}
