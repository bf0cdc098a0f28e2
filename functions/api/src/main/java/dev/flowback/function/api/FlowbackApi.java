package dev.flowback.function.api;

import static dev.flowback.core.error.MessageBounds.printable;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flowback.core.error.ErrorCatalog;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.function.runtime.StepLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dispatcher: finds the route for the event's method and resource template, checks what every route checks
 * (the caller, query parameters, body media type and size, Accept) before any route reads anything, calls the route,
 * and turns whatever it throws into the error model. One structured log line per request.
 */
final class FlowbackApi {
    /** A definition published in one request; larger ones go through an upload (Lambda takes 6 MB per request). */
    static final int INLINE_DEFINITION_MAX = 4 * 1024 * 1024;
    /** Every JSON body the API takes (settings, a rollback request) is far below this. */
    static final int JSON_BODY_MAX = 64 * 1024;
    static final Set<String> DEFINITION_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml",
            "text/yaml");

    private final VersionRoutes versions;
    private final EnvironmentRoutes environments;
    private final RollbackRoutes rollbacks;
    private final AutomationRoutes automation;
    private final StepLog log;

    FlowbackApi(ApiWiring wiring) {
        this.versions = new VersionRoutes(wiring);
        this.automation = new AutomationRoutes(wiring);
        this.environments = new EnvironmentRoutes(wiring, automation);
        this.rollbacks = new RollbackRoutes(wiring);
        this.log = wiring.log();
    }

    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        long started = System.nanoTime();
        ApiRequest request = new ApiRequest(event);
        Optional<ApiRoute> route = ApiRoute.find(request.method(), request.resource());
        APIGatewayProxyResponseEvent response;
        RuntimeException failure = null;
        try {
            response = dispatch(request, route);
        } catch (RuntimeException e) {
            failure = e;
            response = ApiErrors.response(e, route.map(FlowbackApi::subjectOf).orElse(null));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", request.method());
        fields.put("resource", request.resource());
        fields.put("operation", route.map(ApiRoute::operationId).orElse(null));
        fields.put("status", response.getStatusCode());
        fields.put("caller", request.caller().orElse(null));
        fields.put("request_id", request.requestId());
        fields.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
        if (failure != null) {
            fields.put("error", failure.getClass().getName());
            fields.put("cause", String.valueOf(failure.getMessage()));
        }
        String level = response.getStatusCode() >= 500 ? (failure != null && ErrorCatalog.isTransient(failure)
                ? "WARN" : "ERROR") : "INFO";
        log.write(level, "api", null, failure == null ? "answered" : "refused", fields);
        return response;
    }

    private APIGatewayProxyResponseEvent dispatch(ApiRequest request, Optional<ApiRoute> found) {
        if (found.isEmpty()) {
            List<String> allowed = ApiRoute.methodsOf(request.resource());
            if (!allowed.isEmpty()) {
                return ApiErrors.invalid(new InvalidInputException("route.method", "method", request.method()
                        + " is not allowed on " + request.resource() + "; allowed: " + String.join(", ", allowed)),
                        Map.of("Allow", String.join(", ", allowed)));
            }
            throw new InvalidInputException("route.unknown", "path", "no operation at " + printable(
                    event(request)) + "; see openapi.yaml for the API's routes");
        }
        ApiRoute route = found.get();
        String caller = request.caller().orElseThrow(() -> new InvalidInputException("auth.missing",
                "Authorization", "the request carries no IAM caller identity; sign it with SigV4"));
        checkQuery(route, request);
        checkBody(route, request);
        checkAccept(route, request);
        return switch (route) {
            case LIST_VERSIONS -> versions.list(request);
            case PUBLISH_VERSION -> versions.publish(request, caller);
            case GET_VERSION -> versions.get(request);
            case DIFF_VERSIONS -> versions.diff(request, accepts(request, "text/plain") ? "text" : "json");
            case OFFER_UPLOAD -> versions.offerUpload(request, caller);
            case PUBLISH_UPLOAD -> versions.publishUpload(request);
            case CREATE_ENVIRONMENT -> environments.create(request);
            case GET_ENVIRONMENT -> environments.get(request);
            case UPDATE_ENVIRONMENT -> environments.update(request);
            case START_ROLLBACK -> rollbacks.start(request, caller);
            case GET_ROLLBACK -> rollbacks.get(request);
            case MAP_ALARM -> automation.mapAlarm(request, caller);
            case LIST_ALARMS -> automation.listAlarms(request);
            case UNMAP_ALARM -> automation.unmapAlarm(request);
            case PLACE_HOLD -> automation.placeHold(request, caller);
            case LIST_HOLDS -> automation.listHolds(request);
            case LIFT_HOLD -> automation.liftHold(request, caller);
            case UNFREEZE_AUTOMATION -> automation.unfreeze(request, caller);
            case SET_AUTOMATION_POLICY -> automation.setPolicy(request);
        };
    }

    /** What a NotFoundException on this route is about, unless its message names the field itself. */
    private static String subjectOf(ApiRoute route) {
        return switch (route) {
            case GET_VERSION -> "version_id";
            case PUBLISH_UPLOAD -> "upload_id";
            case GET_ENVIRONMENT, UPDATE_ENVIRONMENT, START_ROLLBACK, MAP_ALARM, LIST_ALARMS, LIST_HOLDS,
                 UNFREEZE_AUTOMATION, SET_AUTOMATION_POLICY -> "environment";
            case UNMAP_ALARM -> "alarm_name";
            case PLACE_HOLD, LIFT_HOLD -> "version";
            case GET_ROLLBACK -> "rollback_id";
            case PUBLISH_VERSION -> "parent_version";
            default -> "workflow_id";
        };
    }

    private static void checkQuery(ApiRoute route, ApiRequest request) {
        for (String name : request.query().keySet()) {
            if (!route.queryParameters().contains(name)) {
                throw new InvalidInputException("query.unknown", name, "unknown query parameter \"" + printable(name)
                        + "\"" + (route.queryParameters().isEmpty() ? "; " + route.operationId() + " takes none"
                        : " (known: " + String.join(", ", route.queryParameters().stream().sorted().toList())
                        + ")"));
            }
        }
    }

    private static void checkBody(ApiRoute route, ApiRequest request) {
        switch (route.body()) {
            case NONE -> {
                if (request.hasBody()) {
                    throw new InvalidInputException("body.unexpected", "body", route.operationId()
                            + " takes no body");
                }
            }
            case JSON -> {
                requireType(request, Set.of("application/json"));
                requireSize(request, JSON_BODY_MAX, "a JSON body");
            }
            case DEFINITION -> {
                requireType(request, DEFINITION_TYPES);
                requireSize(request, INLINE_DEFINITION_MAX, "a definition published in one request");
            }
            default -> throw new IllegalStateException("unhandled body kind " + route.body());
        }
    }

    private static void requireType(ApiRequest request, Set<String> types) {
        if (!request.hasBody()) {
            throw new InvalidInputException("body.missing", "body", "a body is required ("
                    + String.join(" or ", types.stream().sorted().toList()) + ")");
        }
        String type = request.contentType();
        if (!types.contains(type)) {
            throw new InvalidInputException("header.content_type", "Content-Type", "Content-Type "
                    + (type.isEmpty() ? "is missing" : "\"" + printable(type) + "\" is not accepted here") + "; send "
                    + String.join(" or ", types.stream().sorted().toList()));
        }
    }

    private static void requireSize(ApiRequest request, long max, String what) {
        long size = request.bodySize();
        if (size > max) {
            throw new InvalidInputException("body.too_large", "body", "the body has " + size + " bytes; "
                    + what + " may have at most " + max + (max == INLINE_DEFINITION_MAX ? ": publish larger"
                    + " definitions (up to 10 MiB) through POST /workflows/{workflow_id}/uploads" : ""));
        }
    }

    private static void checkAccept(ApiRoute route, ApiRequest request) {
        boolean json = accepts(request, "application/json");
        boolean text = route == ApiRoute.DIFF_VERSIONS && accepts(request, "text/plain");
        if (!json && !text) {
            throw new InvalidInputException("header.accept", "Accept", "Accept \"" + printable(request.header(
                    "Accept").orElse("")) + "\" names nothing this operation answers: "
                    + (route == ApiRoute.DIFF_VERSIONS ? "application/json or text/plain" : "application/json"));
        }
    }

    /** Whether the Accept header (absent: anything) admits {@code type}, by type or wildcard; q-values ignored. */
    private static boolean accepts(ApiRequest request, String type) {
        Optional<String> accept = request.header("Accept");
        if (accept.isEmpty() || accept.get().isBlank()) {
            return !type.equals("text/plain");
        }
        String major = type.substring(0, type.indexOf('/'));
        for (String part : accept.get().split(",")) {
            String range = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (range.equals(type) || range.equals(major + "/*")
                    || (range.equals("*/*") && !type.equals("text/plain"))) {
                return true;
            }
        }
        return false;
    }

    private static String event(ApiRequest request) {
        return request.method() + " " + request.path();
    }
}
