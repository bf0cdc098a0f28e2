package dev.flowback.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.payload.DrainCheckInput;
import dev.flowback.core.chain.payload.TicketInput;
import dev.flowback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionSupportTest {
    @Test
    void configurationFailsFastNamingTheVariable() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> FunctionConfig.from(Map.of(FunctionConfig.BUCKET, "b")));
        assertEquals("environment variable FLOWBACK_TABLE is not set", missing.getMessage());
        IllegalStateException lease = assertThrows(IllegalStateException.class, () -> FunctionConfig.from(Map.of(
                FunctionConfig.TABLE, "t", FunctionConfig.BUCKET, "b", FunctionConfig.LOCK_LEASE_SECONDS, "5")));
        assertTrue(lease.getMessage().startsWith("environment variable FLOWBACK_LOCK_LEASE_SECONDS"));
        assertEquals(Duration.ofMinutes(15), FunctionConfig.from(Map.of(FunctionConfig.TABLE, "t",
                FunctionConfig.BUCKET, "b")).lockLease());
    }

    @Test
    void inputThatDoesNotFitIsRefusedNamingTheField() {
        InvalidInputException wrongType = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                "{\"ticket\": null, \"drain\": {\"in_flight\": \"many\"}}".getBytes(StandardCharsets.UTF_8),
                DrainCheckInput.class));
        assertEquals("drain.in_flight", wrongType.problems().get(0).field());
        InvalidInputException badId = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                ("{\"ticket\": {\"execution_id\": \"e\", \"workflow_id\": \"wf\", \"environment\": \"PROD\","
                        + " \"target_version\": \"v1\"}}").getBytes(StandardCharsets.UTF_8), TicketInput.class));
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                ("{\"ticket\": {\"execution_id\": \"e\", \"workflow_id\": \"wf\", \"environment\": \"prod\","
                        + " \"target_version\": \"v1\"}}").getBytes(StandardCharsets.UTF_8), TicketInput.class));
        assertEquals("ticket.started_at", missing.problems().get(0).field(), "a ticket missing a field says which");
        assertEquals("environment", badId.problems().get(0).field(), "the record's own check names its field");
        assertEquals("input", assertThrows(InvalidInputException.class, () -> PayloadJson.read(
                "{not json".getBytes(StandardCharsets.UTF_8), TicketInput.class)).problems().get(0).field());
    }

    @Test
    void logLinesAreOneJsonObjectWithTheStepAndExecution() {
        List<String> lines = new ArrayList<>();
        new StepLog(lines::add).write("INFO", "switch", "exec-1", "done", Map.of("revision", 4));
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(line.startsWith("{") && line.contains("\"step\":\"switch\"")
                && line.contains("\"execution_id\":\"exec-1\"") && line.contains("\"revision\":4"), line);
    }
}
