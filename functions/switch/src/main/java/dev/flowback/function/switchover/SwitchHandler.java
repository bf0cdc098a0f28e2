package dev.flowback.function.switchover;

import dev.flowback.core.rollback.StepInputs.SwitchInput;
import dev.flowback.core.rollback.SwitchResult;
import dev.flowback.core.rollback.SwitchStep;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 4 of the chain: the conditional pointer write (see SwitchStep). Package {@code switchover}: switch is a keyword. */
public final class SwitchHandler extends StepHandler<SwitchInput, SwitchResult> {
    public SwitchHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public SwitchHandler(ChainWiring wiring) {
        super("switch", SwitchInput.class, input -> new SwitchStep(wiring.ports()).run(input.ticket(), input.drain()),
                input -> input.ticket().executionId(),
                s -> fields("from", s.fromVersion(), "to", s.toVersion(), "revision", s.revision(),
                        "already_done", s.alreadyDone()),
                wiring.log());
    }
}
