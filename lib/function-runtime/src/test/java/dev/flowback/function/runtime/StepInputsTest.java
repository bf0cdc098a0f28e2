package dev.flowback.function.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.rollback.StepInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step invoked without its ticket says so by name, whatever the step, instead of failing with an NPE. */
class StepInputsTest {
    private static final List<Class<?>> TICKET_STEPS = List.of(StepInputs.TicketInput.class,
            StepInputs.DrainCheckInput.class, StepInputs.SwitchInput.class, StepInputs.HealthCheckInput.class,
            StepInputs.VerifyInput.class);

    @Test
    void aMissingOrNullTicketIsNamed() {
        for (Class<?> type : TICKET_STEPS) {
            for (String payload : List.of("{}", "{\"ticket\": null}")) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> StepJson.read(payload.getBytes(StandardCharsets.UTF_8), type), type.getSimpleName());
                assertEquals("ticket", e.problems().get(0).field(), type.getSimpleName() + " " + payload);
                assertEquals("ticket is required: the snapshot step's output, passed on by the state machine",
                        e.getMessage());
            }
        }
    }
}
