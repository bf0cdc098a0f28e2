package dev.flowback.function.pause;

import dev.flowback.core.chain.payload.CompensationInput;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.step.CompensateStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * Where every caught failure goes: gate reopened, lock released, record FAILED (see CompensateStep). It lives with
 * pause because undoing the pause is most of what it does.
 */
public final class CompensateHandler extends StepHandler<CompensationInput, RollbackOutcome> {
    public CompensateHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new CompensateHandler(w));
    }

    public CompensateHandler(FunctionWiring wiring) {
        super("compensate", CompensationInput.class, new CompensateStep(wiring.stores().registry(),
                        wiring.stores().environments(), wiring.engines(), wiring.stores().journal(),
                        wiring.lease())::run,
                CompensationInput::executionId,
                o -> fields("error", o.error(), "active", o.active(), "revision", o.revision()),
                wiring.log());
    }
}
