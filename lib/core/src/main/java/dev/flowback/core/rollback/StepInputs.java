package dev.flowback.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.error.InvalidInputException;

/**
 * The input record of each step, as the state machine's Parameters build them. Top-level records (not nested
 * classes) would do as well; they sit together here because each is two or three fields.
 */
public final class StepInputs {
    private StepInputs() {
    }

    /** {@code request} is the execution input exactly as given, checked by the snapshot step. */
    public record SnapshotInput(JsonNode request, String executionId, String startedAt) {
    }

    public record TicketInput(RollbackTicket ticket) {
        public TicketInput {
            requireTicket(ticket);
        }
    }

    public record DrainCheckInput(RollbackTicket ticket, DrainStatus drain) {
        public DrainCheckInput {
            requireTicket(ticket);
        }
    }

    public record SwitchInput(RollbackTicket ticket, DrainStatus drain) {
        public SwitchInput {
            requireTicket(ticket);
        }
    }

    public record HealthCheckInput(RollbackTicket ticket, HealthWindow window) {
        public HealthCheckInput {
            requireTicket(ticket);
        }
    }

    public record VerifyInput(RollbackTicket ticket, SwitchResult switched, HealthWindow health) {
        public VerifyInput {
            requireTicket(ticket);
        }
    }

    /**
     * Every step after snapshot works on the ticket the snapshot step issued; invoked without one (a hand-made
     * test event, a broken Parameters block) it must say so, not fail with a NullPointerException.
     */
    private static void requireTicket(RollbackTicket ticket) {
        if (ticket == null) {
            throw new InvalidInputException("field.missing", "ticket",
                    "ticket is required: the snapshot step's output, passed on by the state machine");
        }
    }

    /**
     * What compensation gets: the original request and, when the snapshot step got that far, the ticket (else null),
     * the switch if one happened (else null), and the caught failure.
     */
    public record CompensationInput(
            JsonNode request,
            RollbackTicket ticket,
            SwitchResult switched,
            StepFailure failure,
            String executionId,
            String startedAt) {
    }
}
