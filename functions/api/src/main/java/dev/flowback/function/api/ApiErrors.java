package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.error.DrainTimeoutException;
import dev.flowback.core.error.DuplicateContentException;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.error.IncompatibleTargetException;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import dev.flowback.core.error.LockLostException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.RollbackInProgressException;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.error.TargetRefusedException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.error.VersionConflictException;
import java.util.List;
import java.util.Map;

/**
 * Every refusal as JSON: {@code {"error": {"code", "message", "field", "problems"?}}}. The code is stable (an
 * InvalidInputException's rule, or one per error class), the message is the core's sentence, the field names what
 * was wrong. Bad input is a 4xx; only a failure of Flowback's own (storage, integrity, a bug) is a 5xx, and no
 * stack trace ever leaves the function.
 */
final class ApiErrors {
    /** Fields a NotFoundException's message may start with ("target_version \"v9\": ..."): the one at fault. */
    private static final List<String> LEADING_FIELDS = List.of("workflow_id", "environment", "target_version",
            "upload_id", "rollback_id", "version_id", "from", "to");

    private ApiErrors() {
    }

    /**
     * The response for {@code error}.
     *
     * @param notFoundField the field a NotFoundException is about on this route, unless its message names one
     */
    static APIGatewayProxyResponseEvent response(RuntimeException error, String notFoundField) {
        if (error instanceof InvalidInputException invalid) {
            return invalid(invalid, Map.of());
        }
        if (error instanceof NotFoundException) {
            return refusal(404, "not_found", fieldOf(error.getMessage(), notFoundField), error.getMessage());
        }
        if (error instanceof DuplicateContentException duplicate) {
            ObjectNode body = body("conflict.duplicate_content", "body", error.getMessage());
            ((ObjectNode) body.get("error")).put("existing_version", duplicate.existingVersion());
            return ApiResponse.json(409, body);
        }
        if (error instanceof VersionConflictException) {
            return refusal(409, "conflict.exists", fieldOf(error.getMessage(), null), error.getMessage());
        }
        if (error instanceof RollbackInProgressException busy) {
            ObjectNode body = body("rollback.in_progress", "environment", error.getMessage());
            ((ObjectNode) body.get("error")).put("holder", busy.holder()).put("lock_expires_at", busy.expiresAt());
            return ApiResponse.json(409, body);
        }
        if (error instanceof TargetRefusedException) {
            return refusal(422, "target.refused", "target_version", error.getMessage());
        }
        if (error instanceof IncompatibleTargetException) {
            return refusal(422, "target.incompatible", "target_version", error.getMessage());
        }
        if (error instanceof LockLostException || error instanceof DrainTimeoutException) {
            return refusal(409, "rollback.conflict", "environment", error.getMessage());
        }
        if (error instanceof TransientStorageException) {
            return ApiResponse.json(503, body("storage.unavailable", null, "storage is briefly unavailable; retry"
                    + " shortly (" + error.getMessage() + ")"), Map.of("Retry-After", "1"));
        }
        if (error instanceof IntegrityException) {
            return refusal(500, "integrity.failed", null, error.getMessage());
        }
        if (error instanceof StorageFailureException || error instanceof FlowbackException) {
            return refusal(500, "storage.failed", null, error.getMessage());
        }
        return refusal(500, "internal", null, "the request failed inside Flowback; nothing was changed by it unless"
                + " its answer said so. The function's log has the details");
    }

    static APIGatewayProxyResponseEvent invalid(InvalidInputException invalid, Map<String, String> headers) {
        List<Problem> problems = invalid.problems();
        Problem first = problems.get(0);
        ObjectNode body = body(first.rule(), first.field(), invalid.getMessage());
        if (problems.size() > 1) {
            ArrayNode list = ((ObjectNode) body.get("error")).putArray("problems");
            problems.forEach(p -> list.addObject().put("code", p.rule()).put("field", p.field())
                    .put("message", p.message()));
        }
        return ApiResponse.json(status(first.rule()), body, headers);
    }

    /** The HTTP status of an input rule: 400 unless the rule is about size, media type, method or route. */
    static int status(String rule) {
        return switch (rule) {
            case "body.too_large", "document.size" -> 413;
            case "header.content_type" -> 415;
            case "header.accept" -> 406;
            case "route.method" -> 405;
            case "route.unknown" -> 404;
            case "auth.missing" -> 403;
            case "idempotency.key_reused" -> 422;
            default -> 400;
        };
    }

    private static APIGatewayProxyResponseEvent refusal(int status, String code, String field, String message) {
        return ApiResponse.json(status, body(code, field, message));
    }

    private static ObjectNode body(String code, String field, String message) {
        ObjectNode body = ApiJson.object();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (field == null) {
            error.putNull("field");
        } else {
            error.put("field", field);
        }
        return body;
    }

    private static String fieldOf(String message, String fallback) {
        if (message != null) {
            for (String field : LEADING_FIELDS) {
                if (message.startsWith(field + " ")) {
                    return field;
                }
            }
        }
        return fallback;
    }
}
