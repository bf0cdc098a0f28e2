package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * The API function's handler: API Gateway's proxy event in, the route's answer out (see {@link FlowbackApi}). Built
 * once per container from an {@link ApiWiring}: in Lambda from the environment template.yaml sets, on the local API
 * server from the local stack's.
 */
public final class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final FlowbackApi api;

    public ApiHandler() {
        this(ApiWiring.fromEnvironment());
    }

    public ApiHandler(ApiWiring wiring) {
        this.api = new FlowbackApi(wiring);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return api.handle(event);
    }
}
