package dev.flowback.cli.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.definition.Json;
import dev.flowback.core.diff.DiffText;
import dev.flowback.core.error.FlowbackException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.sandbox.LocalRollbackRunner;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.sandbox.RollbackRun;
import dev.flowback.sandbox.ScriptedHealthProbe;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The main job, told as a story on the embedded local stack: publish three versions of the example workflow,
 * deploy two of them through the real rollback state machine, then answer a production alarm with an automatic
 * rollback to last-known-good (a dry run first), printing every step with its result and time.
 */
public final class Demo {
    private static final WorkflowId WORKFLOW = WorkflowId.of("support-triage");
    private static final EnvironmentName PROD = EnvironmentName.of("prod");

    private final PrintStream out;
    private final Path examples;

    public Demo(PrintStream out, Path root) {
        this.out = out;
        this.examples = root.resolve("examples/support-triage");
    }

    public int run(LocalStorage stack) {
        ScriptedHealthProbe health = new ScriptedHealthProbe(Clock.systemUTC());
        try (LocalRollbackRunner chain = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(
                stack.settings(), LocalStorage.TABLE, LocalStorage.BUCKET, health))) {
            VersionRegistry registry = stack.registry();
            publishVersions(registry);

            section("Environment " + WORKFLOW + "/" + PROD + " (engine flowback-engine 2.4.1; alarm, error rate ≤ 5 %,"
                    + " p99 ≤ 1 s; waits shortened for the demo)");
            chain.environments().create(Environment.of(new EnvironmentRef(WORKFLOW, PROD), "flowback-engine", "2.4.1")
                    .withHealth(HealthSignals.builder().alarms(List.of("support-triage-prod-errors")).build())
                    .withRollout(RolloutPolicy.of(Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(1))));
            health.answerHealthy(WORKFLOW.value(), 0.008, 420);

            execute(chain, "First deployment: v1.1.0", "v1.1.0", "first release to prod", "manual", false);
            execute(chain, "Deploy v1.2.0", "v1.2.0", "shorter timeouts", "api", false);

            section("Production alarm: support-triage-prod-errors goes into ALARM");
            health.answerUnhealthy(WORKFLOW.value(), 0.21, 2900, List.of("support-triage-prod-errors"));
            out.println("  error rate 21 %, p99 2.9 s — the alarm's action starts a rollback to last-known-good");
            // The rolled-back-to version is healthy again once it is live.
            health.answerHealthy(WORKFLOW.value(), 0.006, 410);
            execute(chain, "Dry run: what would a rollback to last-known-good do?", "last-known-good",
                    "alarm support-triage-prod-errors in ALARM", "alarm", true);
            execute(chain, "Rollback to last-known-good", "last-known-good",
                    "alarm support-triage-prod-errors in ALARM", "alarm", false);

            section("History (newest first)");
            HistoryTable.print(out, registry.history(WORKFLOW, 20, null));
            printState(chain.environments().get(new EnvironmentRef(WORKFLOW, PROD)));
            return 0;
        }
    }

    private void publishVersions(VersionRegistry registry) {
        section("Publishing " + WORKFLOW + " from examples/support-triage");
        String[][] versions = {
                {"v1.0.0", "first release"},
                {"v1.1.0", "route bugs to their own queue; gpt-4o"},
                {"v1.2.0", "shorter queue timeouts; warmer model"}};
        for (String[] v : versions) {
            Published.print(out, registry.publish(PublishRequest.of(WORKFLOW, VersionId.of(v[0]),
                    read(v[0] + ".json"), "demo", v[1])));
        }
        section("Publishing v1.0.0's content again (a re-publish is recognised, not duplicated)");
        try {
            registry.publish(PublishRequest.of(WORKFLOW, VersionId.of("v1.3.0"), read("v1.0.0.json"), "demo",
                    "same as v1.0.0"));
        } catch (FlowbackException e) {
            out.println("  refused: " + e.getMessage());
        }
        section("Diff v1.1.0 → v1.2.0");
        out.print(Published.indent(DiffText.text(registry.diff(WORKFLOW, VersionId.of("v1.1.0"),
                VersionId.of("v1.2.0")))));
    }

    private void execute(LocalRollbackRunner chain, String title, String target, String reason, String trigger,
                         boolean dryRun) {
        section(title + "  [state machine: statemachine/rollback.asl.json]");
        ObjectNode request = Json.MAPPER.createObjectNode()
                .put("workflow_id", WORKFLOW.value())
                .put("environment", PROD.value())
                .put("target_version", target)
                .put("reason", reason)
                .put("trigger", trigger)
                .put("dry_run", dryRun)
                .put("requested_by", "demo");
        String input = request.toString();
        out.println("  input: " + input);
        long started = System.nanoTime();
        RollbackRun run = chain.run(input);
        long millis = (System.nanoTime() - started) / 1_000_000;
        for (RollbackRun.StepRecord step : run.steps()) {
            out.println("  " + step.line());
        }
        JsonNode outcome = run.output();
        out.printf("  → %s in %d ms: %s%n", run.status(), millis,
                outcome == null ? run.error() + ": " + run.cause() : outcome.path("message").asText());
        if (outcome != null && outcome.hasNonNull("plan")) {
            JsonNode plan = outcome.path("plan");
            plan.fieldNames().forEachRemaining(name -> {
                if (!plan.path(name).isContainerNode()) {
                    out.println("    plan." + name + ": " + plan.path(name).asText().replace("\n", "\n      "));
                }
            });
        }
        for (RollbackRun.AnnouncedEvent event : run.events()) {
            JsonNode d = event.detail();
            out.printf("  event on bus %s: \"%s\" %s → %s, trigger %s, error rate %s, p99 %s ms%n", event.eventBus(),
                    event.detailType(), d.path("from_version").asText("-"), d.path("to_version").asText("-"),
                    d.path("trigger").asText(), d.path("health").path("error_rate").asText("-"),
                    d.path("health").path("p99_millis").asText("-"));
        }
    }

    private void printState(EnvironmentState state) {
        section("Environment " + WORKFLOW + "/" + PROD + " now");
        out.println("  active " + state.pointer().activeLabel() + ", previous "
                + state.pointer().previous().map(VersionId::value).orElse("none") + ", revision "
                + state.pointer().revision() + ", gate " + state.gate().state() + ", lock "
                + (state.lock().holder() == null ? "free" : "held by " + state.lock().holder()));
        state.environment().health().verificationNotice().ifPresent(notice -> out.println("  " + notice));
    }

    private byte[] read(String file) {
        return EmbeddedStack.read(examples.resolve(file));
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }
}
