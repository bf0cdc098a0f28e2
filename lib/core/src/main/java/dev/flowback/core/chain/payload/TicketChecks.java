package dev.flowback.core.chain.payload;

import dev.flowback.core.error.InvalidInputException;

/**
 * Every step after snapshot works on the ticket the snapshot step issued; invoked without one (a hand-made test
 * event, a broken Parameters block) it must say so, not fail with a NullPointerException.
 */
final class TicketChecks {
    private TicketChecks() {
    }

    static void present(Object value, String field) {
        if (value == null) {
            throw new InvalidInputException("field.missing", "ticket." + field, "ticket." + field + " is required:"
                    + " the ticket is the snapshot step's output, passed on unchanged by the state machine");
        }
    }

    static void require(RollbackTicket ticket) {
        if (ticket == null) {
            throw new InvalidInputException("field.missing", "ticket",
                    "ticket is required: the snapshot step's output, passed on by the state machine");
        }
    }
}
