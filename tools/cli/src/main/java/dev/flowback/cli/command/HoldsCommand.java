package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.output.Table;
import dev.flowback.core.definition.Json;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowback holds place | lift | list}: versions no rollback may move the environment to, and why. */
@Command(name = "holds", description = "Hold versions so no rollback moves the environment to them.",
        subcommands = {HoldsCommand.Place.class, HoldsCommand.Lift.class, HoldsCommand.ListHolds.class})
final class HoldsCommand {

    static String path(String workflow, String environment, String... more) {
        String base = ApiClient.path("workflows", workflow, "environments", environment, "holds");
        return more.length == 0 ? base : base + ApiClient.path(more);
    }

    @Command(name = "place", description = "Hold VERSION: rollbacks refuse it unless forced.")
    static final class Place extends EnvironmentCommand {
        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why it is held")
        String reason;

        Place(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("version", version).put("reason", reason);
            ApiAnswer answer = require(api().postJson(path(workflow, environment), body.toString()));
            if (json()) {
                return printJson(answer);
            }
            out().println("held " + workflow + " " + version + " in " + environment + ": " + reason);
            return Exit.OK.code();
        }
    }

    @Command(name = "lift", description = "Lift the hold on VERSION.")
    static final class Lift extends EnvironmentCommand {
        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        Lift(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().delete(path(workflow, environment, version)));
            if (json()) {
                return printJson(answer);
            }
            out().println("lifted the hold on " + workflow + " " + version + " in " + environment);
            return Exit.OK.code();
        }
    }

    @Command(name = "list", description = "The versions held in the environment.")
    static final class ListHolds extends EnvironmentCommand {
        ListHolds(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().get(path(workflow, environment), Map.of()));
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("VERSION", "REASON", "BY", "AT");
            for (JsonNode h : AlarmsCommand.items(answer.json(), "holds")) {
                table.row(text(h, "version"), text(h, "reason"), text(h, "held_by"), text(h, "held_at"));
            }
            if (table.isEmpty()) {
                out().println("no versions held in " + workflow + "/" + environment);
            } else {
                table.print(out(), style());
            }
            return Exit.OK.code();
        }
    }
}
