package dev.flowback.core.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.testing.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alarm's evidence in a request: parsed field by field, and written back as what parse reads equal. */
class AlarmEvidenceTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private static JsonObject evidence() {
        return new JsonObject().with("alarm_name", "orders-latency-high").with("state", "ALARM")
                .with("reason", "Threshold Crossed: 1 datapoint [300.0 (02/01/26 03:03:00)]")
                .with("state_changed_at", "2026-01-02T03:04:05.678Z").with("values", List.of(300, 12.5))
                .with("threshold", 250);
    }

    private static JsonObject alarmRequest(Object evidence) {
        return new JsonObject().with("workflow_id", "wf-abc123").with("environment", "prod")
                .with("target_version", "last-known-good").with("trigger", "alarm").with("evidence", evidence);
    }

    @Test
    void evidenceIsReadAsTypedNumbersAndTimes() {
        RollbackRequest request = RollbackRequest.parse(alarmRequest(evidence()));
        AlarmEvidence e = request.evidence();
        assertEquals("orders-latency-high", e.alarmName());
        assertEquals(AlarmState.ALARM, e.state());
        assertEquals(AT, e.stateChangedAt());
        assertEquals(List.of(300.0, 12.5), e.values(), "integers from JSON are numbers like any other");
        assertEquals(250.0, e.threshold());
        assertNull(RollbackRequest.parse(alarmRequest(null)).evidence(), "evidence is optional");
    }

    @Test
    void aRequestWrittenAsInputParsesBackEqual() {
        RollbackRequest request = new RollbackRequest(WorkflowId.of("wf-abc123"), EnvironmentName.of("prod"),
                VersionRef.parse("target_version", "last-known-good"), "alarm fired", false, false, "alarm:x",
                RollbackTrigger.ALARM, new AlarmEvidence("x", AlarmState.ALARM, "r", AT, List.of(1.0, -2.5), null));
        assertEquals(request, RollbackRequest.parse(request.toFields()));
        RollbackRequest manual = RollbackRequest.parse(new JsonObject().with("workflow_id", "wf-abc123")
                .with("environment", "prod").with("target_version", "v1.2.0").with("force", true));
        assertEquals(manual, RollbackRequest.parse(manual.toFields()));
    }

    @Test
    void everyBadEvidenceFieldIsNamedAtOnce() {
        JsonObject bad = new JsonObject().with("alarm_name", "").with("state", "RED")
                .with("state_changed_at", "yesterday").with("values", List.of(1, "two")).with("threshold", "x")
                .with("colour", "red");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RollbackRequest.parse(alarmRequest(bad)));
        List<String> fields = e.problems().stream().map(InvalidInputException.Problem::field).toList();
        assertEquals(List.of("evidence.colour", "evidence.alarm_name", "evidence.state", "evidence.state_changed_at",
                "evidence.values[1]", "evidence.threshold"), fields, e.getMessage());
        assertEquals("evidence", field(() -> RollbackRequest.parse(alarmRequest("ALARM"))));
        assertEquals("evidence", field(() -> RollbackRequest.parse(alarmRequest(evidence()).with("trigger",
                "manual"))), "evidence belongs to alarm rollbacks only");
    }

    private static String field(Runnable parse) {
        return assertThrows(InvalidInputException.class, parse::run).problems().get(0).field();
    }
}
