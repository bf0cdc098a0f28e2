package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.rollback.RollbackRequest;
import dev.flowback.core.rollback.StepFailure;
import dev.flowback.core.rollback.StepInputs;
import dev.flowback.function.runtime.StepJson;
import dev.flowback.emulators.LocalTooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** events/ stays in step with the records the handlers read and the input the state machine takes. */
class EventFixturesTest {
    private static final Path EVENTS = LocalTooling.get().root().resolve("events");
    private static final Map<String, Class<?>> INPUTS = Map.of(
            "snapshot", StepInputs.SnapshotInput.class,
            "validate", StepInputs.TicketInput.class,
            "pause", StepInputs.TicketInput.class,
            "check-drain", StepInputs.DrainCheckInput.class,
            "switch", StepInputs.SwitchInput.class,
            "check-health", StepInputs.HealthCheckInput.class,
            "verify", StepInputs.VerifyInput.class,
            "finish-revert", StepInputs.VerifyInput.class,
            "compensate", StepInputs.CompensationInput.class);

    @Test
    void thereIsOneFunctionEventPerFunctionAndEachReadsIntoItsInputRecord() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(EVENTS.resolve("functions"))) {
            files.forEach(f -> names.add(f.getFileName().toString().replace(".json", "")));
        }
        assertEquals(new TreeSet<>(LocalRollbackRunner.HANDLER_CLASSES.keySet()), names);
        for (String name : names) {
            Object input = StepJson.read(Files.readAllBytes(EVENTS.resolve("functions").resolve(name + ".json")),
                    INPUTS.get(name));
            assertNotNull(input, name);
        }
        StepFailure failure = StepJson.read(Files.readAllBytes(EVENTS.resolve("functions/compensate.json")),
                StepInputs.CompensationInput.class).failure();
        assertTrue(failure.message().startsWith("2 instance(s) still in flight"), failure.message());
        StepInputs.VerifyInput revert = StepJson.read(Files.readAllBytes(EVENTS.resolve(
                "functions/finish-revert.json")), StepInputs.VerifyInput.class);
        assertTrue(revert.ticket().revert() && revert.switched().revert(), "finish-revert takes the revert ticket");
        assertFalse(StepJson.read(Files.readAllBytes(EVENTS.resolve("functions/switch.json")),
                StepInputs.SwitchInput.class).ticket().revert(), "a ticket without the field is a forward one");
    }

    @Test
    void everyStateMachineInputIsAValidRequest() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve("statemachine"))) {
            for (Path file : files.toList()) {
                RollbackRequest request = RollbackRequest.parse(StepJson.MAPPER.readTree(file.toFile()));
                assertEquals("wf-abc123", request.workflowId().value(), file.toString());
            }
        }
    }
}
