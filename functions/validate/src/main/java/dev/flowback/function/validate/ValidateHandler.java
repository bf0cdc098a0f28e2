package dev.flowback.function.validate;

import dev.flowback.core.rollback.StepInputs.TicketInput;
import dev.flowback.core.rollback.ValidateStep;
import dev.flowback.core.rollback.ValidationReport;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/** Step 2 of the chain: ticket in, validation report (and a dry run's plan) out (see ValidateStep). */
public final class ValidateHandler extends StepHandler<TicketInput, ValidationReport> {
    public ValidateHandler() {
        this(ChainWiring.fromEnvironment(ChainWiring.NO_HEALTH_CHECKS));
    }

    public ValidateHandler(ChainWiring wiring) {
        super("validate", TicketInput.class, input -> new ValidateStep(wiring.ports()).run(input.ticket()),
                input -> input.ticket().executionId(),
                r -> fields("target", r.targetVersion(), "diff", r.diffSummary(), "overridden", r.overridden().size(),
                        "dry_run", r.dryRun() != null),
                wiring.log());
    }
}
