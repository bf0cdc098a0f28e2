package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.aws.AwsSettings;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.SnapStartPrimed;
import dev.flowback.function.runtime.SnapStartPriming;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stepfunctions.StateMachineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The API function's handler: API Gateway's proxy event in, the route's answer out (see {@link FlowbackApi}). Built
 * once per container from an {@link ApiWiring}: in Lambda from the environment template.yaml sets, on the local API
 * server from the local stack's.
 */
public final class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>,
        SnapStartPrimed {
    /** The routes a priming calls (copies of events/api/ in the jar): reads, a publish, a rollback start. */
    static final List<String> PRIMING_EVENTS = List.of("get-environment", "list-versions", "publish-version",
            "start-rollback");

    private final FlowbackApi api;
    private SnapStartPriming priming;

    public ApiHandler() {
        this(ApiWiring.fromEnvironment());
        priming = primingOf(AwsSettings.fromEnvironment(), FunctionConfig.fromEnvironment(),
                StateMachineConfig.fromEnvironment(), StepLog.standardOutput()).register();
    }

    /**
     * The SnapStart priming: a throwaway API over the offline settings, given a few routes' proxy events (read as the
     * Lambda runtime's serializer reads them: by the event class's bean properties).
     */
    public static SnapStartPriming primingOf(AwsSettings settings, FunctionConfig config,
                                             StateMachineConfig stateMachine, StepLog log) {
        return new SnapStartPriming("api", settings, offline -> {
            ApiHandler primed = new ApiHandler(ApiWiring.onStepFunctions(offline, config, stateMachine,
                    Clock.systemUTC(), StepLog.discard()));
            ObjectMapper events = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            return event -> {
                try {
                    primed.handleRequest(events.readValue(event, APIGatewayProxyRequestEvent.class), null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }, PRIMING_EVENTS.stream().map(name -> SnapStartPriming.event(ApiHandler.class, name)).toList(), log);
    }

    @Override
    public Optional<SnapStartPriming> snapStartPriming() {
        return Optional.ofNullable(priming);
    }

    public ApiHandler(ApiWiring wiring) {
        this.api = new FlowbackApi(wiring);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return api.handle(event);
    }
}
