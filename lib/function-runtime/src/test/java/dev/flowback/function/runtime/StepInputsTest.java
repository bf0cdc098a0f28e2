package dev.flowback.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flowback.core.chain.payload.DrainCheckInput;
import dev.flowback.core.chain.payload.HealthCheckInput;
import dev.flowback.core.chain.payload.SwitchInput;
import dev.flowback.core.chain.payload.TicketInput;
import dev.flowback.core.chain.payload.VerifyInput;
import dev.flowback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step invoked without its ticket says so by name, whatever the step, instead of failing with an NPE. */
class StepInputsTest {
    private static final List<Class<?>> TICKET_STEPS = List.of(TicketInput.class, DrainCheckInput.class,
            SwitchInput.class, HealthCheckInput.class, VerifyInput.class);

    @Test
    void aMissingOrNullTicketIsNamed() {
        for (Class<?> type : TICKET_STEPS) {
            for (String payload : List.of("{}", "{\"ticket\": null}")) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> PayloadJson.read(payload.getBytes(StandardCharsets.UTF_8), type), type.getSimpleName());
                assertEquals("ticket", e.problems().get(0).field(), type.getSimpleName() + " " + payload);
                assertEquals("ticket is required: the snapshot step's output, passed on by the state machine",
                        e.getMessage());
            }
        }
    }
}
