package dev.flowback.function.pause;

import dev.flowback.core.rollback.DrainStatus;
import dev.flowback.core.rollback.PauseStep;
import dev.flowback.core.rollback.StepInputs.DrainCheckInput;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/** The drain loop's re-count; throws DrainTimeoutException past the deadline unless forced (see PauseStep). */
public final class CheckDrainHandler extends StepHandler<DrainCheckInput, DrainStatus> {
    public CheckDrainHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public CheckDrainHandler(ChainWiring wiring) {
        super("check-drain", DrainCheckInput.class,
                input -> new PauseStep(wiring.ports()).checkDrain(input.ticket(), input.drain()),
                input -> input.ticket().executionId(),
                d -> fields("in_flight", d.inFlight(), "checks", d.checks(), "forced", d.forced(),
                        "proceed", d.proceed()),
                wiring.log());
    }
}
