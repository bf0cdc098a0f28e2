package dev.flowback.function.verify;

import dev.flowback.core.chain.payload.HealthCheckInput;
import dev.flowback.core.chain.payload.HealthWindow;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.chain.step.CheckHealthStep;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;
import dev.flowback.health.EnvironmentHealthProbe;

/**
 * One health check of the verification window's loop; the first reopens the gate (see CheckHealthStep). The only
 * handler that checks health, so the only one given a probe.
 */
public final class CheckHealthHandler extends StepHandler<HealthCheckInput, HealthWindow> {
    public CheckHealthHandler() {
        this(FunctionWiring.fromEnvironment(), EnvironmentHealthProbe.fromEnvironment());
        primeForSnapStart((w, s) -> new CheckHealthHandler(w, EnvironmentHealthProbe.over(s, w.clock())));
    }

    public CheckHealthHandler(FunctionWiring wiring, HealthProbe health) {
        this(new CheckHealthStep(wiring.stores().environments(), wiring.engines(), wiring.stores().journal(),
                health, wiring.lease()), wiring);
    }

    private CheckHealthHandler(CheckHealthStep step, FunctionWiring wiring) {
        super("check-health", HealthCheckInput.class, input -> step.run(input.ticket(), input.window()),
                input -> input.ticket().executionId(),
                w -> fields("checks", w.checks(), "healthy", w.healthy(), "done", w.done(),
                        "error_rate", w.last().errorRate(), "p99_ms", w.last().p99Millis(),
                        "alarms_in_alarm", w.last().alarmsInAlarm()),
                wiring.log());
    }
}
