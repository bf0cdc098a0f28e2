package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.ExecutionRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;

/**
 * Where each step writes in the audit trail. An entry is keyed by execution and place, so a replayed step maps to
 * the entry it wrote the first time; the switch back of a failed verification (policy REVERT) pauses and switches
 * again, so its pause and switch have places of their own, after verify's and before compensate's.
 */
enum AuditPlace {
    SNAPSHOT(1, "snapshot"),
    PAUSE(3, "pause"),
    SWITCH(4, "switch"),
    VERIFY(5, "verify"),
    REVERT_PAUSE(6, "pause"),
    REVERT_SWITCH(7, "switch"),
    FINISH_REVERT(8, "revert"),
    COMPENSATE(9, "compensate");

    private final int place;
    private final String step;

    AuditPlace(int place, String step) {
        this.place = place;
        this.step = step;
    }

    static AuditPlace pauseOf(RollbackTicket ticket) {
        return ticket.revert() ? REVERT_PAUSE : PAUSE;
    }

    static AuditPlace switchOf(RollbackTicket ticket) {
        return ticket.revert() ? REVERT_SWITCH : SWITCH;
    }

    AuditEntry entry(RollbackTicket ticket, Instant at, String detail) {
        return entry(ticket.ref(), ticket.execution(), ticket.fromVersion(), ticket.targetVersion(), at, detail);
    }

    AuditEntry entry(EnvironmentRef ref, ExecutionRef execution, VersionId from, VersionId target, Instant at,
                     String detail) {
        return new AuditEntry(ref, execution.startedAt(), execution.id(), place, step, at, from, target, detail);
    }

    /** The first 12 hex characters of a hash for a sentence, or "-". */
    static String shortHash(ContentHash sha256) {
        return sha256 == null ? "-" : sha256.hex().substring(0, 12);
    }
}
