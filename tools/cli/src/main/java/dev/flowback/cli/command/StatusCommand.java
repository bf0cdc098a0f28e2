package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.CliFailure;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.output.Table;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flowback status ROLLBACK_ID --workflow W --env E}: where a rollback stands. The API files rollbacks under
 * their environment, so the workflow and environment are options; the status path a start answers
 * ({@code /workflows/W/environments/E/rollbacks/ID}) names all three and may be given alone instead. The exit code
 * says how it ended, as for {@code rollback --wait}: 0 while it runs or once it succeeded.
 */
@Command(name = "status", description = "Where a rollback stands: each step with its result and time, the cause"
        + " of a failure.")
final class StatusCommand extends ApiCommand {
    private static final Pattern STATUS_PATH = Pattern.compile(
            "/?workflows/([^/]+)/environments/([^/]+)/rollbacks/([^/]+)");

    @Parameters(index = "0", paramLabel = "ROLLBACK_ID",
            description = "the id rollback printed (or an execution ARN, or the status path)")
    String rollbackId;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW")
    String workflow;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV")
    String environment;

    @Mixin
    WaitOptions wait;

    StatusCommand(CliSettings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        Matcher path = STATUS_PATH.matcher(rollbackId);
        if (path.matches()) {
            workflow = path.group(1);
            environment = path.group(2);
            rollbackId = path.group(3);
        }
        if (workflow == null || environment == null) {
            throw new CliFailure(Exit.USAGE, "status needs the rollback's workflow and environment",
                    "pass --workflow W --env E (rollback prints the whole command to follow it)");
        }
        if (wait.await) {
            return new RollbackWatch(this, workflow, environment, rollbackId, wait.timeout())
                    .await();
        }
        ApiAnswer answer = require(api().get(ApiClient.path("workflows", workflow, "environments", environment,
                "rollbacks", rollbackId), Map.of()), workflow, environment);
        JsonNode view = answer.json();
        int exit = RollbackWatch.exitFor(view.path("status").asText()).code();
        if (json()) {
            printJson(answer);
            return exit;
        }
        line("rollback", text(view, "rollback_id"));
        line("environment", workflow + "/" + environment);
        line("status", style().status(text(view, "status")));
        line("from → to", text(view, "from_version") + " → " + text(view, "target_version") + " (asked "
                + text(view, "requested_target") + ", trigger " + text(view, "trigger") + ")");
        if (view.hasNonNull("error") || view.hasNonNull("message")) {
            line("message", (view.hasNonNull("error") ? view.get("error").asText() + ": " : "")
                    + text(view, "message"));
        }
        out().println();
        RollbackTimes.print(out(), style(), view);
        if (!view.path("steps").isEmpty()) {
            out().println();
            Table table = new Table("STEP", "AT", "MS", "RESULT");
            view.path("steps").forEach(s -> table.row(text(s, "step"), text(s, "at"), text(s, "duration_ms"),
                    text(s, "result")));
            table.print(out(), style());
        }
        return exit;
    }
}
