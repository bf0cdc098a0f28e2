package dev.flowback.function.api;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.InvalidInputException.Problem;
import dev.flowback.core.error.MessageBounds;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import java.util.function.Function;

/**
 * Identifiers read from a request, with the core's rules and the request's own names for them: a version id in the
 * path is {@code version_id}, in the diff's query {@code from} and {@code to}, so a refusal names what the caller
 * wrote.
 */
final class Ids {
    private Ids() {
    }

    static WorkflowId workflow(ApiRequest request) {
        return named("workflow_id", request.pathParameter("workflow_id"), WorkflowId::of);
    }

    static EnvironmentRef environment(ApiRequest request) {
        WorkflowId workflow = workflow(request);
        return new EnvironmentRef(workflow, named("environment", request.pathParameter("environment"),
                EnvironmentName::of));
    }

    static VersionId version(String field, String text) {
        return named(field, text, VersionId::of);
    }

    /** Parses {@code text}; a refusal is re-addressed to {@code field}, its sentence kept. */
    static <T> T named(String field, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.problems().stream().map(p -> new Problem(p.rule(), field,
                    p.field().equals(field) ? p.message() : p.message().replaceFirst("^" + p.field() + "\\b",
                            field))).toList());
        }
    }

    /** A boolean query parameter: absent is false, else exactly "true" or "false". */
    static boolean flag(ApiRequest request, String name) {
        String value = request.queryParameter(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("query.syntax", name, name + " must be true or false, was \""
                    + MessageBounds.printable(value) + "\"");
        };
    }
}
