package dev.flowback.function.verify;

import dev.flowback.health.EnvironmentHealthProbe;
import dev.flowback.core.rollback.HealthWindow;
import dev.flowback.core.rollback.StepInputs.HealthCheckInput;
import dev.flowback.core.rollback.VerifyStep;
import dev.flowback.function.runtime.ChainWiring;
import dev.flowback.function.runtime.StepHandler;

/** One health check of the verification window's loop; the first reopens the gate (see VerifyStep). */
public final class CheckHealthHandler extends StepHandler<HealthCheckInput, HealthWindow> {
    public CheckHealthHandler() {
        this(ChainWiring.fromEnvironment(EnvironmentHealthProbe.fromEnvironment()));
    }

    public CheckHealthHandler(ChainWiring wiring) {
        super("check-health", HealthCheckInput.class,
                input -> new VerifyStep(wiring.ports()).checkHealth(input.ticket(), input.window()),
                input -> input.ticket().executionId(),
                w -> fields("checks", w.checks(), "healthy", w.healthy(), "done", w.done(),
                        "error_rate", w.last().errorRate(), "p99_ms", w.last().p99Millis(),
                        "alarms_in_alarm", w.last().alarmsInAlarm()),
                wiring.log());
    }
}
