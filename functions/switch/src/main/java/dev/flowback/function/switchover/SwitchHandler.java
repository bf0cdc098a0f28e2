package dev.flowback.function.switchover;

import dev.flowback.core.chain.payload.SwitchInput;
import dev.flowback.core.chain.payload.SwitchResult;
import dev.flowback.core.chain.step.SwitchStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/**
 * Step 4 of the chain, "switch": the conditional pointer write (see SwitchStep). Its package is {@code switchover}
 * because {@code switch} is a Java keyword.
 */
public final class SwitchHandler extends StepHandler<SwitchInput, SwitchResult> {
    public SwitchHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new SwitchHandler(w));
    }

    public SwitchHandler(FunctionWiring wiring) {
        this(new SwitchStep(wiring.stores().registry(), wiring.stores().environments(), wiring.engines(),
                wiring.stores().journal(), wiring.lease()), wiring);
    }

    private SwitchHandler(SwitchStep step, FunctionWiring wiring) {
        super("switch", SwitchInput.class, input -> step.run(input.ticket(), input.drain()),
                input -> input.ticket().executionId(),
                s -> fields("from", s.fromVersion(), "to", s.toVersion(), "revision", s.revision(),
                        "already_done", s.alreadyDone()),
                wiring.log());
    }
}
