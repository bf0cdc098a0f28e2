package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The proxy response API Gateway passes back: status, headers and a UTF-8 body. */
final class ApiResponse {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private ApiResponse() {
    }

    static APIGatewayProxyResponseEvent json(int status, JsonNode body) {
        return json(status, body, Map.of());
    }

    static APIGatewayProxyResponseEvent json(int status, JsonNode body, Map<String, String> headers) {
        return of(status, JSON, ApiJson.write(body), headers);
    }

    /** A status with no body (204 No Content). */
    static APIGatewayProxyResponseEvent empty(int status) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(Map.of("Cache-Control",
                "no-store")).withIsBase64Encoded(false);
    }

    static APIGatewayProxyResponseEvent of(int status, String contentType, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", contentType);
        all.put("Cache-Control", "no-store");
        all.putAll(headers);
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(all).withBody(body)
                .withIsBase64Encoded(false);
    }
}
