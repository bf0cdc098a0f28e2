package dev.flowback.function.verify;

import dev.flowback.core.rollback.RevertStep;
import dev.flowback.core.rollback.RollbackOutcome;
import dev.flowback.core.rollback.StepInputs.VerifyInput;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * The end of a revert (policy REVERT), after the switch back: gate reopened, record REVERTED, lock released (see
 * RevertStep). It takes Verify's input shape (the revert ticket, the switch back, the failed health window) and
 * checks no health: a revert is never verified.
 */
public final class FinishRevertHandler extends StepHandler<VerifyInput, RollbackOutcome> {
    public FinishRevertHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public FinishRevertHandler(ChainWiring wiring) {
        super("finish-revert", VerifyInput.class,
                input -> new RevertStep(wiring.ports()).finish(input.ticket(), input.switched(), input.health()),
                input -> input.ticket().executionId(),
                o -> fields("status", o.status(), "active", o.active(), "revision", o.revision()),
                wiring.log());
    }
}
