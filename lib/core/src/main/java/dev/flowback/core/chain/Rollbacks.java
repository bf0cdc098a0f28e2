package dev.flowback.core.chain;

import dev.flowback.core.chain.model.AuditEntry;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.chain.port.StartLedger;
import dev.flowback.core.chain.port.StartLedger.StartEntry;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.id.EnvironmentRef;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reading one rollback: what was asked (from the start ledger, for rollbacks the API started), where it stands and
 * why (the rollback record the chain keeps) and what each step did and when (its audit entries). A rollback is
 * named by the id the API answered, or by its execution ARN (rollbacks an alarm or a person started).
 */
public final class Rollbacks {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");
    private static final Pattern EXECUTION_ARN = Pattern.compile(
            "^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:execution:[A-Za-z0-9_-]{1,80}:([A-Za-z0-9_-]{1,80})$");

    private final StartLedger ledger;
    private final RollbackJournal journal;

    public Rollbacks(StartLedger ledger, RollbackJournal journal) {
        this.ledger = ledger;
        this.journal = journal;
    }

    /**
     * @param start  the API's entry, or null for a rollback the API did not start
     * @param record the chain's record, or null while the execution has not reached its first step
     * @param steps  the execution's audit entries in the chain's order
     */
    public record RollbackView(String rollbackId, String executionArn, StartEntry start, RollbackRecord record,
                               List<AuditEntry> steps) {
        public RollbackView {
            steps = List.copyOf(steps);
        }
    }

    public RollbackView read(EnvironmentRef environment, String rollbackId) {
        var arn = rollbackId == null ? null : EXECUTION_ARN.matcher(rollbackId);
        if (arn != null && arn.matches()) {
            RollbackRecord record = journal.find(environment, rollbackId).orElseThrow(() -> unknown(environment,
                    rollbackId));
            return new RollbackView(arn.group(1), rollbackId, null, record, steps(environment, record));
        }
        if (rollbackId == null || !NAME.matcher(rollbackId).matches()) {
            throw new InvalidInputException("identifier.syntax", "rollback_id", "rollback_id must be the id a"
                    + " rollback start answered (1 to 80 letters, digits, '-' or '_') or an execution ARN");
        }
        StartEntry start = ledger.find(environment, rollbackId).orElseThrow(() -> unknown(environment, rollbackId));
        if (!start.started()) {
            return new RollbackView(rollbackId, null, start, null, List.of());
        }
        RollbackRecord record = journal.find(environment, start.executionArn()).orElse(null);
        return new RollbackView(rollbackId, start.executionArn(), start, record,
                record == null ? List.of() : steps(environment, record));
    }

    private List<AuditEntry> steps(EnvironmentRef environment, RollbackRecord record) {
        return record.startedAt() == null ? List.of()
                : journal.auditOf(environment, record.executionId(), record.startedAt());
    }

    private static NotFoundException unknown(EnvironmentRef environment, String rollbackId) {
        return new NotFoundException("rollback_id \"" + rollbackId + "\" names no rollback of " + environment);
    }
}
