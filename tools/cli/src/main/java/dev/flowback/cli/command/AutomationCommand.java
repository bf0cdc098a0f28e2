package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.core.definition.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowback automation show | policy | unfreeze}: what the alarm trigger may do in an environment. A person
 * paged after an automatic rollback needs three things here: why automation stopped (a freeze and its rule), how to
 * let it act again, and how to make it more or less eager.
 */
@Command(name = "automation", description = "What the alarm trigger may do: show, set its policy, unfreeze it.",
        subcommands = {AutomationCommand.Show.class, AutomationCommand.Policy.class, AutomationCommand.Unfreeze.class})
final class AutomationCommand {

    static String path(String workflow, String environment, String what) {
        return ApiClient.path("workflows", workflow, "environments", environment, "automation", what);
    }

    @Command(name = "show", description = "Automation on or frozen (and why), the mapped alarms, the holds, the"
            + " trigger's latest decisions.")
    static final class Show extends EnvironmentCommand {
        Show(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = readEnvironment();
            if (json()) {
                return printJson(answer);
            }
            EnvCommand.printAutomation(this, answer.json());
            return Exit.OK.code();
        }
    }

    @Command(name = "policy", description = "Set the cooldown after an automatic rollback and the hourly cap (reaching"
            + " it freezes automation). Both are required.")
    static final class Policy extends EnvironmentCommand {
        @Option(names = "--cooldown", required = true, paramLabel = "SECONDS",
                description = "nothing automatic starts for this long after an automatic rollback (0 to 86400)")
        long cooldownSeconds;

        @Option(names = "--max-per-hour", required = true, paramLabel = "N",
                description = "automatic rollbacks allowed within an hour; the next freezes automation (1 to 60)")
        int maxPerHour;

        Policy(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("cooldown_seconds", cooldownSeconds)
                    .put("max_rollbacks_per_hour", maxPerHour);
            ApiAnswer answer = require(api().putJson(path(workflow, environment, "policy"), body.toString()));
            if (json()) {
                return printJson(answer);
            }
            JsonNode policy = answer.json().path("policy");
            out().println("automation of " + workflow + "/" + environment + ": cooldown "
                    + text(policy, "cooldown_seconds") + " s, at most " + text(policy, "max_rollbacks_per_hour")
                    + " rollbacks an hour");
            return Exit.OK.code();
        }
    }

    @Command(name = "unfreeze", description = "Lift a freeze: the next alarm may roll back again.")
    static final class Unfreeze extends EnvironmentCommand {
        Unfreeze(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().delete(path(workflow, environment, "freeze")));
            if (json()) {
                return printJson(answer);
            }
            out().println("automation of " + workflow + "/" + environment + " resumed by "
                    + text(answer.json(), "resumed_by") + " at " + text(answer.json(), "resumed_at"));
            return Exit.OK.code();
        }
    }
}
