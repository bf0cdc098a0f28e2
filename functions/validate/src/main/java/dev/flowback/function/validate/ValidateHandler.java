package dev.flowback.function.validate;

import dev.flowback.core.chain.payload.TicketInput;
import dev.flowback.core.chain.payload.ValidationReport;
import dev.flowback.core.chain.step.ValidateStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 2 of the chain, "validate": is the target safe to switch to; a dry run's plan (see ValidateStep). */
public final class ValidateHandler extends StepHandler<TicketInput, ValidationReport> {
    public ValidateHandler() {
        this(FunctionWiring.fromEnvironment());
        primeForSnapStart((w, s) -> new ValidateHandler(w));
    }

    public ValidateHandler(FunctionWiring wiring) {
        this(new ValidateStep(wiring.stores().registry(), wiring.stores().environments(), wiring.stores().leases(),
                wiring.stores().journal(), wiring.stores().holds(), wiring.clock()), wiring);
    }

    private ValidateHandler(ValidateStep step, FunctionWiring wiring) {
        super("validate", TicketInput.class, input -> step.run(input.ticket()),
                input -> input.ticket().executionId(),
                r -> fields("target", r.targetVersion(), "diff", r.diffSummary(), "overridden", r.overridden().size(),
                        "dry_run", r.dryRun() != null),
                wiring.log());
    }
}
