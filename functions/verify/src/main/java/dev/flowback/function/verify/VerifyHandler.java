package dev.flowback.function.verify;

import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.VerifyInput;
import dev.flowback.core.chain.step.VerifyStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * Step 5 of the chain, "verify": the verdict on the health window, the policy applied once if unhealthy, lock
 * released (see VerifyStep). It decides from the window the state machine carries, so it needs no health probe.
 */
public final class VerifyHandler extends StepHandler<VerifyInput, RollbackOutcome> {
    public VerifyHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new VerifyHandler(w));
    }

    public VerifyHandler(FunctionWiring wiring) {
        this(new VerifyStep(wiring.stores().registry(), wiring.stores().environments(), wiring.engines(),
                wiring.stores().journal(), wiring.lease()), wiring);
    }

    private VerifyHandler(VerifyStep step, FunctionWiring wiring) {
        super("verify", VerifyInput.class, input -> step.run(input.ticket(), input.switched(), input.health()),
                input -> input.ticket().executionId(),
                o -> fields("status", o.status(), "active", o.active(), "revision", o.revision()),
                wiring.log());
    }
}
