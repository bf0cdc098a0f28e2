package dev.flowback.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;

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
    }

    public record DrainCheckInput(RollbackTicket ticket, DrainStatus drain) {
    }

    public record SwitchInput(RollbackTicket ticket, DrainStatus drain) {
    }

    public record HealthCheckInput(RollbackTicket ticket, HealthWindow window) {
    }

    public record VerifyInput(RollbackTicket ticket, SwitchResult switched, HealthWindow health) {
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
