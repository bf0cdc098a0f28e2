package dev.flowback.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.CliFailure;
import dev.flowback.cli.Exit;

/**
 * Turns an answer that is not a success into a {@link CliFailure}: the API's code, message and field, the exit code
 * for its kind, and what to do next, phrased for the workflow and environment the command was about.
 */
public final class Refusals {
    private Refusals() {
    }

    /** What the command was about, for the follow-up it suggests ({@code environment} may be null). */
    public record Subject(String workflow, String environment, String flags) {
        String env() {
            return environment == null ? "ENV" : environment;
        }
    }

    /** The answer itself when it is a success; otherwise the failure it means. */
    public static ApiAnswer require(ApiAnswer answer, Subject subject) {
        if (answer.ok()) {
            return answer;
        }
        throw failure(answer, subject);
    }

    public static CliFailure failure(ApiAnswer answer, Subject subject) {
        JsonNode error = answer.error().orElse(null);
        String code = error == null ? "http." + answer.status() : error.path("code").asText("unknown");
        String message = error == null ? abbreviate(answer.body()) : error.path("message").asText("");
        String field = error == null || error.path("field").isNull() ? null : error.path("field").asText(null);
        // A path the API has no operation for is a refusal of this request, not a missing workflow or version.
        Exit exit = answer.status() == 404 && !code.startsWith("route.") ? Exit.NOT_FOUND
                : answer.status() >= 500 ? Exit.FAILED : Exit.REFUSED;
        StringBuilder what = new StringBuilder();
        what.append(exit == Exit.NOT_FOUND ? "not found" : exit == Exit.FAILED ? "the API failed" : "refused")
                .append(" (").append(answer.status()).append(' ').append(code)
                .append(field == null ? "" : ", field " + field).append("): ").append(message);
        if (error != null && error.has("problems")) {
            for (JsonNode problem : error.get("problems")) {
                what.append("\n  [").append(problem.path("code").asText()).append("] ")
                        .append(problem.path("field").asText()).append(": ").append(problem.path("message").asText());
            }
        }
        String json = error == null ? null : answer.body();
        return new CliFailure(exit, what.toString(), next(answer.status(), code, field, error, subject), json, null);
    }

    private static String next(int status, String code, String field, JsonNode error, Subject s) {
        String w = s.workflow();
        String f = s.flags().isEmpty() ? "" : " " + s.flags();
        if (code.startsWith("route.")) {
            return "this API does not serve that operation: it is older than this CLI; deploy the current template"
                    + " (sam build && sam deploy) or start the current local stack";
        }
        if (code.startsWith("auth.") || status == 403) {
            return "check that your credentials may call this API (execute-api:Invoke): aws sts get-caller-identity"
                    + " shows who you are signing as";
        }
        if (status == 404) {
            return switch (field == null ? "" : field) {
                case "workflow_id" -> "check the workflow id; flowback versions list " + w + f
                        + " lists its versions, flowback versions publish " + w + " FILE" + f + " creates it";
                case "environment" -> "check the environment; flowback env create " + w + " --env " + s.env()
                        + " --engine NAME --engine-version V" + f + " creates it";
                case "rollback_id" -> "check the rollback id; flowback env show " + w + " --env " + s.env() + f
                        + " lists the environment's recent decisions";
                case "alarm_name" -> "flowback alarms list " + w + " --env " + s.env() + f
                        + " lists the mapped alarms";
                default -> "flowback versions list " + w + f + " lists the versions " + w + " has";
            };
        }
        return switch (code) {
            case "rollback.in_progress" -> "another rollback holds " + w + "/" + s.env() + " (holder "
                    + error.path("holder").asText("?") + "): wait for it to end (flowback env show " + w + " --env "
                    + s.env() + f + ")";
            case "conflict.duplicate_content" -> "that content is already version "
                    + error.path("existing_version").asText("?") + "; pass --allow-duplicate to publish it again";
            case "target.refused" -> "the target is refused (BAD or held); pass --force to roll back to it anyway,"
                    + " or choose another with --to";
            case "target.incompatible" -> "choose a target the environment's engine can run (flowback versions list "
                    + w + f + ")";
            case "request.throttled" -> "the API is throttling requests: retry in a moment";
            case "storage.unavailable" -> "storage is briefly unavailable: retry in a moment";
            default -> status >= 500 ? "retry; if it fails again, read the API function's logs (sam logs"
                    + " --stack-name STACK)" : field == null ? "correct the request and run the command again"
                    : "correct " + field + " and run the command again";
        };
    }

    private static String abbreviate(String body) {
        String line = body == null ? "" : body.strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
