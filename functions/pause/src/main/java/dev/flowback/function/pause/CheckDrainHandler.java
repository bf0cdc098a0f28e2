package dev.flowback.function.pause;

import dev.flowback.core.chain.payload.DrainCheckInput;
import dev.flowback.core.chain.payload.DrainStatus;
import dev.flowback.core.chain.step.CheckDrainStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/** The drain loop's re-count; throws DrainTimeoutException past the deadline unless forced (see CheckDrainStep). */
public final class CheckDrainHandler extends StepHandler<DrainCheckInput, DrainStatus> {
    public CheckDrainHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new CheckDrainHandler(w));
    }

    public CheckDrainHandler(FunctionWiring wiring) {
        this(new CheckDrainStep(wiring.stores().environments(), wiring.engines(), wiring.stores().journal(),
                wiring.lease()), wiring);
    }

    private CheckDrainHandler(CheckDrainStep step, FunctionWiring wiring) {
        super("check-drain", DrainCheckInput.class, input -> step.run(input.ticket(), input.drain()),
                input -> input.ticket().executionId(),
                d -> fields("in_flight", d.inFlight(), "checks", d.checks(), "forced", d.forced(),
                        "proceed", d.proceed()),
                wiring.log());
    }
}
