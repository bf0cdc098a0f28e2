package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.StepFailure;
import dev.flowback.core.chain.payload.SwitchInput;
import dev.flowback.core.chain.payload.VerifyInput;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.runtime.PayloadJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** events/ stays in step with the records the handlers read and the input the state machine takes. */
class EventFixturesTest {
    private static final Path EVENTS = LocalTooling.get().root().resolve("events");

    @Test
    void thereIsOneFunctionEventPerFunctionAndEachReadsIntoItsInputRecord() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(EVENTS.resolve("functions"))) {
            files.forEach(f -> names.add(f.getFileName().toString().replace(".json", "")));
        }
        assertEquals(new TreeSet<>(Stream.of(ChainFunction.values()).map(ChainFunction::functionName).toList()),
                names);
        for (ChainFunction function : ChainFunction.values()) {
            Object input = PayloadJson.read(Files.readAllBytes(EVENTS.resolve("functions")
                    .resolve(function.functionName() + ".json")), function.inputType());
            assertNotNull(input, function.functionName());
        }
        StepFailure failure = PayloadJson.read(Files.readAllBytes(EVENTS.resolve("functions/compensate.json")),
                CompensationInput.class).failure();
        assertTrue(failure.message().startsWith("2 instance(s) still in flight"), failure.message());
        VerifyInput revert = PayloadJson.read(Files.readAllBytes(EVENTS.resolve(
                "functions/finish-revert.json")), VerifyInput.class);
        assertTrue(revert.ticket().revert() && revert.switched().revert(), "finish-revert takes the revert ticket");
        assertFalse(PayloadJson.read(Files.readAllBytes(EVENTS.resolve("functions/switch.json")),
                SwitchInput.class).ticket().revert(), "a ticket without the field is a forward one");
    }

    @Test
    void everyStateMachineInputIsAValidRequest() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve("statemachine"))) {
            for (Path file : files.toList()) {
                RollbackRequest request = RollbackRequest.parse(PayloadJson.MAPPER.readValue(file.toFile(),
                        Object.class));
                assertEquals("wf-abc123", request.workflowId().value(), file.toString());
            }
        }
    }
}
