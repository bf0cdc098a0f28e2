package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.output.Table;
import dev.flowback.core.definition.Json;
import dev.flowback.core.trigger.model.InsufficientDataPolicy;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flowback alarms map | unmap | list}: which CloudWatch alarms, going into ALARM, roll an environment back to
 * last-known-good on their own (the trigger), and how.
 */
@Command(name = "alarms", description = "Map CloudWatch alarms that roll an environment back automatically.",
        subcommands = {AlarmsCommand.MapAlarm.class, AlarmsCommand.Unmap.class, AlarmsCommand.ListAlarms.class})
final class AlarmsCommand {

    static String path(String workflow, String environment, String... more) {
        String base = ApiClient.path("workflows", workflow, "environments", environment, "alarms");
        return more.length == 0 ? base : base + ApiClient.path(more);
    }

    @Command(name = "map", description = "Roll back to last-known-good when ALARM goes into ALARM.")
    static final class MapAlarm extends EnvironmentCommand {
        @Parameters(index = "1", paramLabel = "ALARM")
        String alarm;

        @Option(names = "--on-insufficient-data", paramLabel = "IGNORE|ROLLBACK", defaultValue = "IGNORE",
                description = "what INSUFFICIENT_DATA means: IGNORE (default) or ROLLBACK (as ALARM)")
        InsufficientDataPolicy onInsufficientData;

        @Option(names = "--max-age-seconds", paramLabel = "SECONDS",
                description = "ignore alarm events older than this")
        Integer maxAgeSeconds;

        @Option(names = "--blame-preexisting-alarm",
                description = "act on an alarm that was already in ALARM before the last switch")
        boolean blamePreexisting;

        MapAlarm(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("alarm_name", alarm)
                    .put("on_insufficient_data", onInsufficientData.name())
                    .put("blame_preexisting_alarm", blamePreexisting);
            if (maxAgeSeconds != null) {
                body.put("max_age_seconds", maxAgeSeconds);
            }
            ApiAnswer answer = require(api().postJson(path(workflow, environment), body.toString()));
            if (json()) {
                return printJson(answer);
            }
            out().println("mapped alarm " + alarm + " to " + workflow + "/" + environment
                    + ": going into ALARM rolls back to last-known-good");
            return Exit.OK.code();
        }
    }

    @Command(name = "unmap", description = "Stop ALARM from rolling the environment back.")
    static final class Unmap extends EnvironmentCommand {
        @Parameters(index = "1", paramLabel = "ALARM")
        String alarm;

        Unmap(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().delete(path(workflow, environment, alarm)));
            if (json()) {
                return printJson(answer);
            }
            out().println("unmapped alarm " + alarm + " from " + workflow + "/" + environment);
            return Exit.OK.code();
        }
    }

    @Command(name = "list", description = "The alarms mapped to the environment.")
    static final class ListAlarms extends EnvironmentCommand {
        ListAlarms(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().get(path(workflow, environment), Map.of()));
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("ALARM", "ON INSUFFICIENT DATA", "MAX AGE S", "BLAME PREEXISTING");
            for (JsonNode a : items(answer.json(), "alarms")) {
                table.row(text(a, "alarm_name"), text(a, "on_insufficient_data"), text(a, "max_age_seconds"),
                        text(a, "blame_preexisting_alarm"));
            }
            if (table.isEmpty()) {
                out().println("no alarms mapped to " + workflow + "/" + environment + "; map one with flowback"
                        + " alarms map " + workflow + " ALARM --env " + environment);
            } else {
                table.print(out(), style());
            }
            return Exit.OK.code();
        }
    }

    /** The listed items: the answer's {@code field} array, or the answer itself when it is an array. */
    static JsonNode items(JsonNode answer, String field) {
        return answer.isArray() ? answer : answer.path(field);
    }
}
