package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.api.Refusals;
import dev.flowback.cli.api.TargetResolver;
import dev.flowback.cli.output.Style;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every command that talks to the API shares: the target options, the client (resolved on first use, so a
 * usage error is reported before any network call), printing for people or as the API's JSON, and turning a
 * refusal into a failure about this command's workflow and environment.
 */
abstract class ApiCommand implements Callable<Integer> {
    protected final CliSettings settings;

    @Mixin
    TargetOptions target;

    private ApiClient client;

    ApiCommand(CliSettings settings) {
        this.settings = settings;
    }

    ApiClient api() {
        if (client == null) {
            client = new ApiClient(new TargetResolver(settings).resolve(target.named()));
        }
        return client;
    }

    PrintStream out() {
        return settings.out();
    }

    Style style() {
        return new Style(settings.colour());
    }

    boolean json() {
        return target.json();
    }

    /** The answer when it is a success; the failure it means (about {@code workflow}/{@code environment}) else. */
    ApiAnswer require(ApiAnswer answer, String workflow, String environment) {
        return Refusals.require(answer, new Refusals.Subject(workflow, environment, api().target().flags()));
    }

    /** For --output json: the API's JSON as it came. */
    int printJson(ApiAnswer answer) {
        out().println(answer.body().strip());
        return Exit.OK.code();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    void line(String label, Object value) {
        out().printf("%-17s %s%n", label + ":", value);
    }
}
