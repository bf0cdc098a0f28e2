package dev.flowback.function.pause;

import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.payload.TicketInput;
import dev.flowback.core.chain.step.PauseStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 3 of the chain, "pause": close the gate, count what is in flight (see PauseStep). */
public final class PauseHandler extends StepHandler<TicketInput, DrainStatus> {
    public PauseHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new PauseHandler(w));
    }

    public PauseHandler(FunctionWiring wiring) {
        this(new PauseStep(wiring.stores().environments(), wiring.engines(), wiring.stores().journal(),
                wiring.lease()), wiring);
    }

    private PauseHandler(PauseStep step, FunctionWiring wiring) {
        super("pause", TicketInput.class, input -> step.run(input.ticket()),
                input -> input.ticket().executionId(),
                d -> fields("in_flight", d.inFlight(), "deadline", d.deadline(), "proceed", d.proceed()),
                wiring.log());
    }
}
