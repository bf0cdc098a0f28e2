package dev.flowback.sandbox;

import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.function.pause.CheckDrainHandler;
import dev.flowback.function.pause.CompensateHandler;
import dev.flowback.function.pause.PauseHandler;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepHandler;
import dev.flowback.function.snapshot.SnapshotHandler;
import dev.flowback.function.switchover.SwitchHandler;
import dev.flowback.function.validate.ValidateHandler;
import dev.flowback.function.verify.CheckHealthHandler;
import dev.flowback.function.verify.FinishRevertHandler;
import dev.flowback.function.verify.VerifyHandler;
import java.lang.reflect.ParameterizedType;
import java.util.function.BiFunction;

/**
 * The one list of the chain's Lambda functions: for each, the name the local Lambda endpoint serves it under, the
 * DefinitionSubstitutions token statemachine/rollback.asl.json names it by, the handler class template.yaml deploys
 * and how the sandbox builds that handler. A new function is added here; the tests then check that template.yaml,
 * the state machine and events/ agree with this list.
 */
public enum ChainFunction {
    SNAPSHOT("snapshot", "SnapshotFunctionArn", SnapshotHandler.class, (w, h) -> new SnapshotHandler(w)),
    VALIDATE("validate", "ValidateFunctionArn", ValidateHandler.class, (w, h) -> new ValidateHandler(w)),
    PAUSE("pause", "PauseFunctionArn", PauseHandler.class, (w, h) -> new PauseHandler(w)),
    CHECK_DRAIN("check-drain", "CheckDrainFunctionArn", CheckDrainHandler.class, (w, h) -> new CheckDrainHandler(w)),
    SWITCH("switch", "SwitchFunctionArn", SwitchHandler.class, (w, h) -> new SwitchHandler(w)),
    CHECK_HEALTH("check-health", "CheckHealthFunctionArn", CheckHealthHandler.class, CheckHealthHandler::new),
    VERIFY("verify", "VerifyFunctionArn", VerifyHandler.class, (w, h) -> new VerifyHandler(w)),
    FINISH_REVERT("finish-revert", "FinishRevertFunctionArn", FinishRevertHandler.class,
            (w, h) -> new FinishRevertHandler(w)),
    COMPENSATE("compensate", "CompensateFunctionArn", CompensateHandler.class, (w, h) -> new CompensateHandler(w));

    private final String functionName;
    private final String token;
    private final Class<? extends StepHandler<?, ?>> handler;
    private final BiFunction<FunctionWiring, HealthProbe, StepHandler<?, ?>> build;

    ChainFunction(String functionName, String token, Class<? extends StepHandler<?, ?>> handler,
                  BiFunction<FunctionWiring, HealthProbe, StepHandler<?, ?>> build) {
        this.functionName = functionName;
        this.token = token;
        this.handler = handler;
        this.build = build;
    }

    /** The name the local Lambda endpoint serves it under, and its event sample's name in events/functions/. */
    public String functionName() {
        return functionName;
    }

    /** The DefinitionSubstitutions token the state machine names it by. */
    public String token() {
        return token;
    }

    public Class<? extends StepHandler<?, ?>> handler() {
        return handler;
    }

    /** The step input record the handler reads (its StepHandler's first type argument). */
    public Class<?> inputType() {
        return (Class<?>) ((ParameterizedType) handler.getGenericSuperclass()).getActualTypeArguments()[0];
    }

    /** The real handler, wired to the given stores; only check-health uses the probe. */
    public StepHandler<?, ?> build(FunctionWiring wiring, HealthProbe health) {
        return build.apply(wiring, health);
    }
}
