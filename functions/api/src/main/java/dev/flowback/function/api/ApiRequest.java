package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.flowback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One API Gateway proxy event, read the way every route needs it: headers case-insensitively, each query parameter
 * at most once, the body as bytes, and the IAM caller from the request context (never from the body).
 */
final class ApiRequest {
    private final APIGatewayProxyRequestEvent event;

    ApiRequest(APIGatewayProxyRequestEvent event) {
        this.event = event;
    }

    String method() {
        return event.getHttpMethod() == null ? "" : event.getHttpMethod();
    }

    String resource() {
        return event.getResource() == null ? "" : event.getResource();
    }

    /** The path as requested (for messages only: routes read the template and path parameters). */
    String path() {
        return event.getPath() == null ? "" : event.getPath();
    }

    String requestId() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /** The IAM principal that signed the request (its ARN), as API Gateway's IAM authorization resolved it. */
    Optional<String> caller() {
        if (event.getRequestContext() == null || event.getRequestContext().getIdentity() == null) {
            return Optional.empty();
        }
        var identity = event.getRequestContext().getIdentity();
        String arn = identity.getUserArn();
        if (arn == null || arn.isBlank()) {
            arn = identity.getCaller();
        }
        return arn == null || arn.isBlank() ? Optional.empty() : Optional.of(arn);
    }

    String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? null : params.get(name);
    }

    Map<String, List<String>> query() {
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi != null) {
            return multi;
        }
        Map<String, String> single = event.getQueryStringParameters();
        return single == null ? Map.of() : single.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue() == null ? "" : e.getValue())));
    }

    /** The parameter's one value, or null when absent; given twice it is refused (which one would count?). */
    String queryParameter(String name) {
        List<String> values = query().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidInputException("query.repeated", name, "query parameter " + name + " is given "
                    + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(header.getValue());
            }
        }
        return Optional.empty();
    }

    /** The media type of the body, lower-case and without parameters ({@code application/json}), or "". */
    String contentType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    }

    boolean hasBody() {
        return event.getBody() != null && !event.getBody().isEmpty();
    }

    /** The body's bytes; base64-decoded when API Gateway passed it so (binary media types). */
    byte[] body() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("body.encoding", "body", "the body is marked base64 but is not");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The body's size in bytes without decoding it: checked before anything reads it. */
    long bodySize() {
        String body = event.getBody();
        if (body == null) {
            return 0;
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            return body.length() / 4L * 3;
        }
        long size = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            size += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return size;
    }
}
