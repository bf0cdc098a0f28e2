package dev.flowback.cli.command;

import dev.flowback.cli.CliSettings;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command about one environment of one workflow: {@code WORKFLOW --env ENV}. */
abstract class EnvironmentCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW")
    String workflow;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV")
    String environment;

    EnvironmentCommand(CliSettings settings) {
        super(settings);
    }

    /** The answer when it is a success; the failure it means for this workflow and environment otherwise. */
    ApiAnswer require(ApiAnswer answer) {
        return require(answer, workflow, environment);
    }

    /** The environment as the API shows it (settings, what is live, automation), or the failure it means. */
    ApiAnswer readEnvironment() {
        return require(api().get(ApiClient.path("workflows", workflow, "environments", environment), Map.of()));
    }
}
