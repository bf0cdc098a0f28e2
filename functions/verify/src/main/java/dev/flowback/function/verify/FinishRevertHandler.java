package dev.flowback.function.verify;

import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.VerifyInput;
import dev.flowback.core.chain.step.FinishRevertStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * The end of a revert (policy REVERT), after the switch back: gate reopened, record REVERTED, lock released (see
 * FinishRevertStep). It takes verify's input shape (the revert ticket, the switch back, the failed health window)
 * and checks no health: a revert is never verified.
 */
public final class FinishRevertHandler extends StepHandler<VerifyInput, RollbackOutcome> {
    public FinishRevertHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new FinishRevertHandler(w));
    }

    public FinishRevertHandler(FunctionWiring wiring) {
        this(new FinishRevertStep(wiring.stores().environments(), wiring.engines(), wiring.stores().journal(),
                wiring.lease()), wiring);
    }

    private FinishRevertHandler(FinishRevertStep step, FunctionWiring wiring) {
        super("finish-revert", VerifyInput.class, input -> step.run(input.ticket(), input.switched(),
                        input.health()),
                input -> input.ticket().executionId(),
                o -> fields("status", o.status(), "active", o.active(), "revision", o.revision()),
                wiring.log());
    }
}
