package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.function.runtime.FailureCause;

/** One line per state for people watching a local run: what each step decided, in ids and counts. */
final class StepSummaries {
    private StepSummaries() {
    }

    static String of(String state, JsonNode output) {
        if (output == null) {
            return "";
        }
        return switch (state) {
            case "Snapshot" -> {
                JsonNode t = output.path("ticket");
                yield "live " + text(t, "from_version", "nothing") + " (revision " + t.path("from_revision").asLong()
                        + ") -> target " + text(t, "target_version", "?") + " (asked: "
                        + text(t, "requested_target", "?") + ")" + (t.path("dry_run").asBoolean() ? "; dry run, no lock"
                        : "; lock token " + t.path("lock_token").asLong());
            }
            case "Validate" -> {
                JsonNode v = output.path("validation");
                yield "valid; " + text(v, "diff_summary", "") + (v.path("overridden").size() > 0
                        ? "; forced past " + v.path("overridden").size() + " refusal(s)" : "");
            }
            case "Pause", "CheckDrain" -> {
                JsonNode d = output.path("drain");
                yield (output.path("ticket").path("revert").asBoolean() ? "before switching back: " : "")
                        + (d.path("drained").asBoolean() ? "gate closed; drained"
                        : d.path("forced").asBoolean() ? "deadline passed with " + d.path("in_flight").asInt()
                        + " in flight; forced on" : d.path("in_flight").asInt() + " in flight; deadline "
                        + text(d, "deadline", "?"));
            }
            case "Switch" -> {
                JsonNode s = output.path("switched");
                yield (s.path("revert").asBoolean() ? "back: " : "") + text(s, "from_version", "nothing") + " -> "
                        + text(s, "to_version", "?") + ", revision " + s.path("revision").asLong()
                        + (s.path("already_done").asBoolean() ? " (already done)" : "");
            }
            case "StartRevert" -> {
                JsonNode t = output.path("ticket");
                yield "revert ticket: " + text(t, "from_version", "?") + " -> " + text(t, "target_version", "?");
            }
            case "CheckHealth" -> {
                JsonNode h = output.path("health");
                yield "check " + h.path("checks").asInt() + ": " + (h.path("healthy").asBoolean() ? "healthy"
                        : "UNHEALTHY") + (h.path("done").asBoolean() ? ", window over" : "");
            }
            case "Verify", "FinishRevert", "Compensate", "DescribeCompensationFailure",
                 "DescribeRefusalCompensationFailure", "DescribeUnidentifiedCompensationFailure" -> {
                JsonNode o = output.path("outcome");
                yield text(o, "status", "?") + ": " + text(o, "message", "");
            }
            case "AnnounceSucceeded" -> "event Rollback Succeeded";
            case "AnnounceFailed" -> "event Rollback Failed";
            default -> "";
        };
    }

    /** A failed Task's cause is the Lambda error document: its message is the readable part. */
    static String failure(String cause) {
        String message = FailureCause.message(null, cause);
        return message == null ? "" : message;
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node.hasNonNull(field) ? node.get(field).asText() : otherwise;
    }
}
