package dev.flowback.function.pause;

import dev.flowback.core.rollback.CompensateStep;
import dev.flowback.core.rollback.RollbackOutcome;
import dev.flowback.core.rollback.StepInputs.CompensationInput;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * Where every caught failure goes: gate reopened, lock released, record FAILED (see CompensateStep). It lives with
 * pause because undoing the pause is most of what it does.
 */
public final class CompensateHandler extends StepHandler<CompensationInput, RollbackOutcome> {
    public CompensateHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public CompensateHandler(ChainWiring wiring) {
        super("compensate", CompensationInput.class, new CompensateStep(wiring.ports())::run,
                CompensationInput::executionId,
                o -> fields("error", o.error(), "active", o.active(), "revision", o.revision()),
                wiring.log());
    }
}
