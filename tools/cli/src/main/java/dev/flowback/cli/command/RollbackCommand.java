package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.core.definition.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowback rollback WORKFLOW --env ENV}: starts a rollback through the state machine (or plans one with
 * --dry-run), and with --wait follows it step by step to its end.
 */
@Command(name = "rollback", description = "Move an environment to another retained version through the rollback"
        + " state machine: snapshot, validate, pause, switch, verify.")
final class RollbackCommand extends EnvironmentCommand {
    @Option(names = "--to", paramLabel = "TARGET", defaultValue = "previous",
            description = "a version id, previous (default), last-known-good or latest")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit trail")
    String reason;

    @Option(names = "--dry-run", description = "plan only: what would switch, from what to what; nothing changes")
    boolean dryRun;

    @Option(names = "--force", description = "roll back to a target marked BAD or held")
    boolean force;

    @Mixin
    WaitOptions wait;

    RollbackCommand(CliSettings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("target_version", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        if (force) {
            body.put("force", true);
        }
        if (dryRun) {
            body.put("dry_run", true);
        }
        ApiAnswer answer = require(api().postJson(ApiClient.path("workflows", workflow, "environments", environment,
                "rollbacks"), body.toString()), workflow, environment);
        if (dryRun) {
            return plan(answer);
        }
        JsonNode started = answer.json();
        String id = started.path("rollback_id").asText();
        String follow = RollbackWatch.follow(id, workflow, environment, api().target().flags());
        if (json() && !wait.await) {
            return printJson(answer);
        }
        (json() ? settings.err() : out()).println("rollback " + id + " started on " + workflow + "/" + environment
                + " (target " + to + ")" + (answer.header("Idempotent-Replayed").isPresent()
                ? ", the same request as before: its rollback" : ""));
        if (!wait.await) {
            out().println("follow it: " + follow + " --wait");
            return Exit.OK.code();
        }
        return new RollbackWatch(this, workflow, environment, id, wait.timeout()).await();
    }

    private int plan(ApiAnswer answer) {
        if (json()) {
            return printJson(answer);
        }
        JsonNode outcome = answer.json();
        out().println(style().bold("dry run") + ": " + ApiCommand.text(outcome, "message"));
        JsonNode plan = outcome.path("plan");
        plan.fieldNames().forEachRemaining(name -> {
            JsonNode value = plan.get(name);
            if (value.isValueNode()) {
                line("  " + name, value.asText().replace("\n", "\n" + " ".repeat(20)));
            }
        });
        out().println("nothing was changed; run it without --dry-run to roll back");
        return Exit.OK.code();
    }
}
