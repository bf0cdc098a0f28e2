package dev.flowback.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.SnapshotInput;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The step payloads at the handler edge: typed ids, hashes and instants travel as their wire text and come back as
 * the same values, the outcome keeps one stable shape, and a caught failure's cause is decoded here.
 */
class PayloadJsonTest {
    private static final RollbackTicket TICKET = new RollbackTicket("arn:exec:1",
            Instant.parse("2026-11-26T10:00:00.123Z"), WorkflowId.of("wf-abc123"), EnvironmentName.of("prod"),
            VersionId.of("v1.2.0"), new ContentHash("b".repeat(64)), 7, VersionId.of("v1.1.0"),
            new ContentHash("a".repeat(64)), VersionRef.parse("target_version", "last-known-good"), 3, false, false,
            "bad deploy", "ops", RollbackTrigger.ALARM, false);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTicketTravelsAsFlatSnakeCaseTextAndComesBackEqual() throws IOException {
        byte[] wire = PayloadJson.write(TICKET);
        JsonNode json = PayloadJson.MAPPER.readTree(wire);
        assertEquals("wf-abc123", json.get("workflow_id").asText());
        assertEquals("2026-11-26T10:00:00.123Z", json.get("started_at").asText());
        assertEquals("last-known-good", json.get("requested_target").asText());
        assertEquals("alarm", json.get("trigger").asText());
        assertEquals("a".repeat(64), json.get("target_sha256").asText());
        assertEquals(TICKET, PayloadJson.read(wire, RollbackTicket.class));
    }

    @Test
    void aMalformedTypedValueIsRefusedNamingItsField() {
        String ticket = new String(PayloadJson.write(TICKET), StandardCharsets.UTF_8);
        InvalidInputException hash = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                bytes(ticket.replace("a".repeat(64), "nothex")), RollbackTicket.class));
        assertEquals("target_sha256", hash.problems().get(0).field());
        InvalidInputException time = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                bytes(ticket.replace("2026-11-26T10:00:00.123Z", "yesterday")), RollbackTicket.class));
        assertEquals("started_at", time.problems().get(0).field());
        InvalidInputException trigger = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                bytes(ticket.replace("\"alarm\"", "\"cron\"")), RollbackTicket.class));
        assertEquals("trigger", trigger.problems().get(0).field());
    }

    @Test
    void theRequestReachesTheSnapshotStepAsPlainJavaValues() {
        SnapshotInput input = PayloadJson.read(bytes("{\"request\": {\"workflow_id\": \"wf\", \"force\": true,"
                + " \"n\": 3, \"list\": [1]}, \"execution_id\": \"e\", \"started_at\": \"2026-11-26T10:00:00Z\"}"),
                SnapshotInput.class);
        assertEquals(Map.of("workflow_id", "wf", "force", true, "n", 3, "list", List.of(1)), input.request());
        InvalidInputException duplicate = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                bytes("{\"request\": {\"force\": true, \"force\": false}}"), SnapshotInput.class));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'force'"), duplicate.getMessage());
    }

    @Test
    void anOutcomeWritesEveryFieldButAMissingRevert() throws IOException {
        RollbackOutcome first = new RollbackOutcome(RollbackStatus.SUCCEEDED, "ok", "wf", "prod", "e", null, "v1",
                "v1", "v1", 1, null, "manual", "ops", null, null, null);
        JsonNode json = PayloadJson.MAPPER.readTree(PayloadJson.write(first));
        assertTrue(json.has("from_version") && json.get("from_version").isNull(), json.toString());
        assertTrue(json.has("health") && json.has("plan"), json.toString());
        assertTrue(!json.has("revert"), "no event ever carries a revert ticket: " + json);
    }

    @Test
    void aFailureMessageComesOutOfEitherCauseFormat() {
        String type = "dev.flowback.core.error.DrainTimeoutException";
        assertEquals("late", failure(type, "{\"errorType\": \"x\", \"errorMessage\": \"late\"}").message());
        assertEquals("late", failure(type, type + ": late").message());
        assertEquals("States.Timeout", failure("States.Timeout", null).message());
        StepFailure nameless = PayloadJson.read(bytes("{\"failure\": {}}"), CompensationInput.class).failure();
        assertEquals(StepFailure.UNKNOWN, nameless.error());
        assertNull(PayloadJson.read(bytes("{}"), CompensationInput.class).failure());
    }

    private static StepFailure failure(String error, String cause) {
        String json = "{\"failure\": {\"Error\": \"" + error + "\""
                + (cause == null ? "" : ", \"Cause\": " + PayloadJson.MAPPER.valueToTree(cause)) + "}}";
        return PayloadJson.read(bytes(json), CompensationInput.class).failure();
    }
}
