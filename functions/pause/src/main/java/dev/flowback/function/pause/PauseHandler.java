package dev.flowback.function.pause;

import dev.flowback.core.rollback.DrainStatus;
import dev.flowback.core.rollback.PauseStep;
import dev.flowback.core.rollback.StepInputs.TicketInput;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 3 of the chain: close the gate, count what is in flight (see PauseStep#pause). */
public final class PauseHandler extends StepHandler<TicketInput, DrainStatus> {
    public PauseHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public PauseHandler(ChainWiring wiring) {
        super("pause", TicketInput.class, input -> new PauseStep(wiring.ports()).pause(input.ticket()),
                input -> input.ticket().executionId(),
                d -> fields("in_flight", d.inFlight(), "deadline", d.deadline(), "proceed", d.proceed()),
                wiring.log());
    }
}
