package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.error.StepOutOfOrderException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The transition table of {@link RollbackPhase}, as the steps apply it: each step names the phases it follows and
 * either checks the record is in one of them (a read, for steps that write nothing to the record) or moves the
 * record on with one conditional write. Out of order is a StepOutOfOrderException naming the phase found.
 */
final class StepOrder {
    private StepOrder() {
    }

    static Set<RollbackPhase> follows(RollbackPhase... phases) {
        return EnumSet.of(phases[0], phases);
    }

    /** The record, if it is in one of {@code follows}; StepOutOfOrderException otherwise. */
    static RollbackRecord require(RollbackJournal journal, RollbackTicket ticket, String step,
                                  Set<RollbackPhase> follows) {
        Optional<RollbackRecord> record = journal.find(ticket.ref(), ticket.executionId());
        if (record.isEmpty() || !follows.contains(record.get().phase())) {
            throw refused(step, ticket, record, follows);
        }
        return record.get();
    }

    /** Moves the record to {@code to}; StepOutOfOrderException (after a read that says why) when it cannot. */
    static RollbackRecord advance(RollbackJournal journal, RollbackTicket ticket, String step,
                                  Set<RollbackPhase> follows, RollbackPhase to) {
        return journal.advance(ticket.ref(), ticket.executionId(), follows, to)
                .orElseThrow(() -> refused(step, ticket, journal.find(ticket.ref(), ticket.executionId()), follows));
    }

    static StepOutOfOrderException refused(String step, RollbackTicket ticket, Optional<RollbackRecord> found,
                                           Set<RollbackPhase> follows) {
        String expected = follows.stream().map(Enum::name).collect(Collectors.joining(" or "));
        String actual = found.map(r -> "the rollback record is " + r.phase()
                        + (r.status().isFinal() ? " (the execution ended " + r.status() + ")" : ""))
                .orElse("the execution has no rollback record");
        return new StepOutOfOrderException(step + " of " + ticket.ref() + " (execution " + ticket.executionId()
                + ") is out of order: it follows " + expected + ", and " + actual + "; nothing was changed");
    }
}
