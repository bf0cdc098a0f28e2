package dev.flowback.function.verify;

import dev.flowback.core.rollback.RollbackOutcome;
import dev.flowback.core.rollback.StepInputs.VerifyInput;
import dev.flowback.core.rollback.VerifyStep;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * Step 5 of the chain: the verdict on the health window, the policy applied once if unhealthy, lock released (see
 * VerifyStep). It decides from the window the state machine carries, so it needs no health probe of its own.
 */
public final class VerifyHandler extends StepHandler<VerifyInput, RollbackOutcome> {
    public VerifyHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public VerifyHandler(ChainWiring wiring) {
        super("verify", VerifyInput.class,
                input -> new VerifyStep(wiring.ports()).verify(input.ticket(), input.switched(), input.health()),
                input -> input.ticket().executionId(),
                o -> fields("status", o.status(), "active", o.active(), "revision", o.revision()),
                wiring.log());
    }
}
