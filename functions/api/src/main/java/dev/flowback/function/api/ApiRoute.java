package dev.flowback.function.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API's operations: method, API Gateway resource template, the query parameters each accepts and what its body
 * is. openapi.yaml defines the same operations (ApiDefinitionTest compares the two), and API Gateway passes the
 * matched template as the event's {@code resource}, so dispatch is a lookup, never a parse of the raw path.
 */
public enum ApiRoute {
    LIST_VERSIONS("GET", "/workflows/{workflow_id}/versions", "listVersions", Body.NONE, "limit", "cursor"),
    PUBLISH_VERSION("POST", "/workflows/{workflow_id}/versions", "publishVersion", Body.DEFINITION, "version",
            "summary", "allow_duplicate", "allow_plaintext_credentials"),
    GET_VERSION("GET", "/workflows/{workflow_id}/versions/{version_id}", "getVersion", Body.NONE, "include"),
    DIFF_VERSIONS("GET", "/workflows/{workflow_id}/diff", "diffVersions", Body.NONE, "from", "to"),
    OFFER_UPLOAD("POST", "/workflows/{workflow_id}/uploads", "offerUpload", Body.JSON),
    PUBLISH_UPLOAD("POST", "/workflows/{workflow_id}/uploads/{upload_id}/publish", "publishUpload", Body.NONE),
    CREATE_ENVIRONMENT("POST", "/workflows/{workflow_id}/environments", "createEnvironment", Body.JSON),
    GET_ENVIRONMENT("GET", "/workflows/{workflow_id}/environments/{environment}", "getEnvironment", Body.NONE),
    UPDATE_ENVIRONMENT("PATCH", "/workflows/{workflow_id}/environments/{environment}", "updateEnvironment",
            Body.JSON),
    START_ROLLBACK("POST", "/workflows/{workflow_id}/environments/{environment}/rollbacks", "startRollback",
            Body.JSON),
    GET_ROLLBACK("GET", "/workflows/{workflow_id}/environments/{environment}/rollbacks/{rollback_id}",
            "getRollback", Body.NONE),
    MAP_ALARM("POST", "/workflows/{workflow_id}/environments/{environment}/alarms", "mapAlarm", Body.JSON),
    LIST_ALARMS("GET", "/workflows/{workflow_id}/environments/{environment}/alarms", "listAlarms", Body.NONE),
    UNMAP_ALARM("DELETE", "/workflows/{workflow_id}/environments/{environment}/alarms/{alarm_name}", "unmapAlarm",
            Body.NONE),
    PLACE_HOLD("POST", "/workflows/{workflow_id}/environments/{environment}/holds", "placeHold", Body.JSON),
    LIST_HOLDS("GET", "/workflows/{workflow_id}/environments/{environment}/holds", "listHolds", Body.NONE),
    LIFT_HOLD("DELETE", "/workflows/{workflow_id}/environments/{environment}/holds/{version}", "liftHold",
            Body.NONE),
    UNFREEZE_AUTOMATION("DELETE", "/workflows/{workflow_id}/environments/{environment}/automation/freeze",
            "unfreezeAutomation", Body.NONE),
    SET_AUTOMATION_POLICY("PUT", "/workflows/{workflow_id}/environments/{environment}/automation/policy",
            "setAutomationPolicy", Body.JSON);

    /** What an operation's body is. */
    public enum Body {
        /** No body. */
        NONE,
        /** A JSON object (application/json). */
        JSON,
        /** A definition's bytes: Flowback JSON or a Dify export (JSON or YAML). */
        DEFINITION
    }

    private final String method;
    private final String resource;
    private final String operationId;
    private final Body body;
    private final Set<String> query;

    ApiRoute(String method, String resource, String operationId, Body body, String... query) {
        this.method = method;
        this.resource = resource;
        this.operationId = operationId;
        this.body = body;
        this.query = Set.of(query);
    }

    public String method() {
        return method;
    }

    public String resource() {
        return resource;
    }

    public String operationId() {
        return operationId;
    }

    public Body body() {
        return body;
    }

    public Set<String> queryParameters() {
        return query;
    }

    /** The path parameters the resource template names, in order. */
    public List<String> pathParameters() {
        return Arrays.stream(resource.split("/")).filter(s -> s.startsWith("{")).map(s -> s.substring(1,
                s.length() - 1)).toList();
    }

    public static Optional<ApiRoute> find(String method, String resource) {
        return Arrays.stream(values()).filter(r -> r.method.equals(method) && r.resource.equals(resource))
                .findFirst();
    }

    /** The methods a resource template serves, for a 405's Allow header; empty for an unknown template. */
    public static List<String> methodsOf(String resource) {
        return Arrays.stream(values()).filter(r -> r.resource.equals(resource)).map(ApiRoute::method).toList();
    }
}
