package dev.flowback.core.chain.step;

import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.error.NotFoundException;

/** What the two steps that close a rollback record (verify, finish-revert) share. */
final class Finishing {
    private Finishing() {
    }

    /**
     * The record is already final: a replay. Finish what a crash may have left (gate, lock; both no-ops otherwise)
     * and answer the same.
     */
    static RollbackOutcome replay(EnvironmentStore environments, RollbackTicket ticket, RollbackRecord record,
                                  HealthReport report) {
        environments.reopenGate(ticket.ref(), ticket.executionId());
        environments.releaseLock(ticket.ref(), ticket.executionId());
        return RollbackOutcome.of(record, environments.get(ticket.ref()).pointer(), report);
    }

    static NotFoundException noRecord(RollbackTicket ticket) {
        return new NotFoundException("no rollback record for execution " + ticket.executionId() + " in "
                + ticket.ref() + ": the snapshot step opens it, so this ticket did not come from this environment's"
                + " snapshot");
    }
}
