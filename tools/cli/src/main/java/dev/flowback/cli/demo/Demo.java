package dev.flowback.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.embedded.EmbeddedStack;
import dev.flowback.cli.embedded.HistoryTable;
import dev.flowback.cli.embedded.Published;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.definition.Json;
import dev.flowback.core.diff.DiffText;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.emulators.Polling;
import dev.flowback.emulators.cloudwatch.AlarmTransition;
import dev.flowback.health.CloudWatchHealthProbe;
import dev.flowback.sandbox.AlarmEventRelay;
import dev.flowback.sandbox.LocalStack;
import dev.flowback.sandbox.SimulatedEngine;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The main job, for real, on the local stack ({@link LocalStack}): nothing in it is staged. A simulated engine runs
 * instances through the gate and publishes its error rate; v1.1.0 is deployed through the state machine and earns
 * GOOD from the alarm's OK; v1.2.0 is deployed and, as its queues slow, its instances time out; the alarm on the
 * local CloudWatch goes into ALARM by its own evaluation; its state-change event reaches the trigger through
 * EventBridge; the trigger starts the rollback to last-known-good; the state machine drains, switches and verifies.
 * The same state change is then delivered again and deduplicated.
 *
 * <p>The demo's data directory ({@value #DATA_DIR}) is emptied at the start of every run, so each run tells the same
 * story from an empty stack; a running {@code local up} (its own directory, its own ports) is not touched.
 */
public final class Demo {
    static final String DATA_DIR = ".flowback/demo";
    static final WorkflowId WORKFLOW = WorkflowId.of("support-triage");
    static final EnvironmentName PROD = EnvironmentName.of("prod");
    static final EnvironmentRef REF = new EnvironmentRef(WORKFLOW, PROD);
    static final String ALARM = "support-triage-prod-error-rate";
    static final double THRESHOLD = 5.0;
    static final VersionId GOOD = VersionId.of("v1.1.0");
    static final VersionId BAD = VersionId.of("v1.2.0");
    private static final int ALARM_PERIOD_SECONDS = 10;
    private static final int INSTANCES_PER_SECOND = 10;
    private static final Duration EXECUTION_DEADLINE = Duration.ofSeconds(90);
    private static final Duration ALARM_DEADLINE = Duration.ofSeconds(120);

    /** What the run left, read from the stack before it stopped: what a test checks. */
    record Outcome(int status, VersionId live, VersionStatus badStatus, boolean badHeld, JsonNode rollbackInput,
                   String rollbackStatus, List<TriggerDecision> decisions, List<String> deliveredDecisions) {
    }

    private final PrintStream out;
    private final Path examples;
    private final Path dataDir;
    private final List<String[]> timeline = new ArrayList<>();
    private final Instant demoStart = Instant.now();

    public Demo(PrintStream out, Path root) {
        this(out, root, root.resolve(DATA_DIR));
    }

    Demo(PrintStream out, Path root, Path dataDir) {
        this.out = out;
        this.examples = root.resolve("examples/support-triage");
        this.dataDir = dataDir;
    }

    public int run() {
        return runForOutcome().status();
    }

    Outcome runForOutcome() {
        section("Local stack (data in " + dataDir + ", emptied for this run)");
        reset(dataDir);
        try (LocalStack stack = LocalStack.start(LocalStack.Config.persistent(dataDir, out::println).anyPorts());
             CloudWatchClient cw = CloudWatchHealthProbe.client(stack.settings());
             SfnClient sfn = SfnRollbackExecutions.client(stack.settings())) {
            mark("local stack up");
            FlowbackStores stores = stack.stores();
            VersionRegistry registry = stores.registry();
            publishVersions(registry);
            prepareEnvironment(stack, cw);
            try (SimulatedEngine engine = SimulatedEngine.start(stack, WORKFLOW.value(), PROD.value(),
                    INSTANCES_PER_SECOND)) {
                out.println("  engine: " + INSTANCES_PER_SECOND + " instances a second through the gate, metrics "
                        + SimulatedEngine.NAMESPACE + "/" + SimulatedEngine.ERROR_RATE + " every second");

                deploy(sfn, stack, GOOD, "first release to prod");
                report(registry, GOOD, "earned GOOD: alarm OK on its own traffic during the verification window");
                deploy(sfn, stack, BAD, "shorter queue timeouts; warmer model");
                report(registry, BAD, "passed its verification window; its queues are slowing under it");

                AlarmEventRelay relay = stack.alarmEvents();
                section("Watching " + ALARM + " (ErrorRate > " + THRESHOLD + " %, " + ALARM_PERIOD_SECONDS
                        + " s period, evaluated by the local evaluator)");
                AlarmEventRelay.Delivery started = awaitStarted(relay, engine);
                AlarmTransition fired = relay.transitions().stream()
                        .filter(t -> t.alarmName().equals(ALARM) && t.current().value().equals("ALARM"))
                        .reduce((a, b) -> b).orElseThrow();
                Instant alarmAt = fired.current().timestamp();
                mark("alarm ALARM", alarmAt);
                out.println("  ALARM at " + time(alarmAt) + ": " + fired.current().reason());
                JsonNode decision = started.answer().path("decisions").path(0);
                out.println("  EventBridge → rule " + AlarmEventRelay.RULE + " → trigger: " + decision.path("decision")
                        .asText() + " " + decision.path("execution_name").asText() + " (" + decision.path("message")
                        .asText() + ")");

                section("The same state change delivered again (EventBridge delivers at least once)");
                int before = relay.deliveries().size();
                relay.publish(fired);
                AlarmEventRelay.Delivery again = Polling.await(() -> relay.deliveries().stream().skip(before)
                        .filter(d -> d.alarmName().equals(ALARM) && d.state().equals("ALARM")).findFirst(),
                        Duration.ofSeconds(30), "the re-delivery answered by the trigger");
                JsonNode second = again.answer().path("decisions").path(0);
                out.println("  trigger: " + second.path("decision").asText() + " (" + second.path("message").asText()
                        + ")");

                section("Automatic rollback " + decision.path("execution_name").asText()
                        + "  [state machine: statemachine/rollback.asl.json, started by the trigger]");
                ExecutionWatch.Watched rollback = ExecutionWatch.follow(sfn, decision.path("execution_arn").asText(),
                        out, EXECUTION_DEADLINE);
                Instant switched = rollback.exited("Switch");
                Instant verified = rollback.exited("Verify");
                mark("switched back to " + GOOD, switched);
                mark("rollback verified", verified);
                out.println("  → " + rollback.execution().status() + ": " + message(rollback));

                section("Diff " + BAD + " → " + GOOD + " (what the rollback undid)");
                out.print(Published.indent(DiffText.text(registry.diff(WORKFLOW, BAD, GOOD))));

                awaitRecovery(engine, switched);
                section("Error rate, one column a second (threshold " + THRESHOLD + " %)");
                ErrorRateChart.print(out, engine.samples(), THRESHOLD, alarmAt, switched);

                return summary(stack, sfn, rollback, decision);
            }
        }
    }

    private void publishVersions(VersionRegistry registry) {
        section("Publishing v1, v2, v3 of " + WORKFLOW + " from examples/support-triage");
        String[][] versions = {
                {"v1.0.0", "first release"},
                {"v1.1.0", "route bugs to their own queue; gpt-4o"},
                {"v1.2.0", "shorter queue timeouts; warmer model"}};
        for (String[] v : versions) {
            Published.print(out, registry.publish(PublishRequest.of(WORKFLOW, VersionId.of(v[0]),
                    example(v[0] + ".json"), "demo", v[1])));
        }
        mark("published v1.0.0, v1.1.0, v1.2.0");
    }

    private void prepareEnvironment(LocalStack stack, CloudWatchClient cw) {
        section("Environment " + REF + ", its alarm and its engine");
        RolloutPolicy rollout = RolloutPolicy.of(Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(2));
        stack.chain().environments().create(Environment.of(REF, "flowback-engine", "2.4.1").withRollout(rollout)
                .withHealth(HealthSignals.builder().alarms(List.of(ALARM)).build()));
        out.println("  environment: engine flowback-engine 2.4.1; health signal: alarm " + ALARM + "; drain ≤ "
                + rollout.drainTimeout().toSeconds() + " s, verification window " + rollout.verificationWindow()
                .toSeconds() + " s");
        cw.putMetricAlarm(b -> b.alarmName(ALARM).namespace(SimulatedEngine.NAMESPACE)
                .metricName(SimulatedEngine.ERROR_RATE).dimensions(SimulatedEngine.dimensions(WORKFLOW.value(),
                        PROD.value())).statistic("Average").period(ALARM_PERIOD_SECONDS).evaluationPeriods(1)
                .threshold(THRESHOLD).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("notBreaching"));
        out.println("  alarm: " + ALARM + " = Average(ErrorRate) > " + THRESHOLD + " % over " + ALARM_PERIOD_SECONDS
                + " s (PutMetricAlarm on the local CloudWatch)");
        controls(stack).map(AlarmMapping.of(ALARM, REF, Instant.now(), "demo"));
        out.println("  mapping: " + ALARM + " → " + REF + " (its state changes roll " + REF
                + " back to last-known-good)");
    }

    private static AutomationControls controls(LocalStack stack) {
        FlowbackStores s = stack.stores();
        return new AutomationControls(s.alarmMappings(), s.environments(), s.registry(), s.holds(), s.automation(),
                s.triggerDecisions(), Clock.systemUTC());
    }

    private void deploy(SfnClient sfn, LocalStack stack, VersionId version, String reason) {
        String name = "demo-deploy-" + version.value().replace('.', '-');
        section("Deploy " + version + " (" + reason + ")  [state machine: statemachine/rollback.asl.json]");
        String input = Json.MAPPER.createObjectNode().put("workflow_id", WORKFLOW.value())
                .put("environment", PROD.value()).put("target_version", version.value()).put("reason", reason)
                .put("trigger", "manual").put("requested_by", "demo").toString();
        String arn = sfn.startExecution(b -> b.stateMachineArn(stack.chain().stateMachineArn()).name(name)
                .input(input)).executionArn();
        ExecutionWatch.Watched run = ExecutionWatch.follow(sfn, arn, out, EXECUTION_DEADLINE);
        out.println("  → " + run.execution().status() + ": " + message(run));
        if (!run.succeeded()) {
            throw new IllegalStateException("deploying " + version + " failed: " + run.execution().error() + " "
                    + run.execution().cause());
        }
        mark(version + " live (Switch)", run.exited("Switch"));
        mark(version + " verified, " + stack.stores().registry().get(WORKFLOW, version).status(),
                run.exited("Verify"));
    }

    private void report(VersionRegistry registry, VersionId version, String why) {
        out.println("  " + version + " is " + registry.get(WORKFLOW, version).status() + " (" + why + ")");
    }

    /** Prints the error rate every few seconds until the trigger answers an ALARM with a started rollback. */
    private AlarmEventRelay.Delivery awaitStarted(AlarmEventRelay relay, SimulatedEngine engine) {
        Instant giveUp = Instant.now().plus(ALARM_DEADLINE);
        int printed = engine.samples().size();
        while (Instant.now().isBefore(giveUp)) {
            Optional<AlarmEventRelay.Delivery> started = relay.deliveries().stream()
                    .filter(d -> d.alarmName().equals(ALARM) && d.decision().equals("started")).findFirst();
            if (started.isPresent()) {
                return started.get();
            }
            List<SimulatedEngine.Sample> samples = engine.samples();
            if (samples.size() >= printed + 3) {
                SimulatedEngine.Sample last = samples.get(samples.size() - 1);
                out.printf("    %s  error rate %5.1f %%  latency %4.0f ms  (%s)%n", time(last.at()),
                        last.errorRate(), last.latencyMs(), last.version());
                printed = samples.size();
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no rollback started within " + ALARM_DEADLINE + "; deliveries: "
                + relay.deliveries());
    }

    /** Lets the engine run on the switched-back version until ten seconds of its traffic have been measured. */
    private void awaitRecovery(SimulatedEngine engine, Instant switched) {
        Polling.awaitTrue(() -> engine.samples().stream().filter(s -> s.at().isAfter(switched)).count() >= 10,
                Duration.ofSeconds(30), "ten seconds of traffic after the switch");
    }

    private Outcome summary(LocalStack stack, SfnClient sfn, ExecutionWatch.Watched rollback, JsonNode decision) {
        FlowbackStores stores = stack.stores();
        EnvironmentState state = stack.chain().environments().get(REF);
        section("Versions (newest first)");
        HistoryTable.print(out, stores.registry().history(WORKFLOW, 20, null));
        boolean held = stores.holds().find(REF, BAD).map(h -> h.isActive()).orElse(false);
        out.println("  live: " + state.pointer().activeLabel() + "; " + BAD + " "
                + stores.registry().get(WORKFLOW, BAD).status() + (held ? ", held (no redeploy without --force)" : ""));

        section("What happened when");
        for (String[] event : timeline) {
            out.printf("  %s  %s%n", event[0], event[1]);
        }
        section("Rollback steps (time in each state; a loop's passes added up)");
        Map<String, long[]> steps = new LinkedHashMap<>();
        for (ExecutionWatch.Step step : rollback.steps()) {
            long[] total = steps.computeIfAbsent(step.state(), s -> new long[2]);
            total[0]++;
            total[1] += step.duration().toMillis();
        }
        steps.forEach((name, total) -> {
            if (total[1] > 0 || total[0] > 1) {
                out.printf("  %-18s %6d ms%s%n", name, total[1], total[0] > 1 ? "  (" + total[0] + " passes)" : "");
            }
        });
        List<TriggerDecision> decisions = controls(stack).decisions(REF, 50);
        List<String> delivered = stack.alarmEvents().deliveries().stream()
                .filter(d -> d.alarmName().equals(ALARM)).map(d -> d.state() + "→" + d.decision()).toList();
        section("Summary");
        out.println("  trigger decisions for " + ALARM + ": " + delivered);
        // From the rollback record (what the API and `flowback status` show), not from the execution's history.
        RollbackRecord record = stores.journal().find(REF, decision.path("execution_arn").asText()).orElseThrow(
                () -> new IllegalStateException("the automatic rollback left no rollback record"));
        out.printf("  alarm → switched  %6.1f s  (rollback record: alarm %s, switched %s)%n",
                record.alarmToSwitched().orElseThrow().toMillis() / 1000.0, time(record.alarmAt().orElseThrow()),
                time(record.switchedAt()));
        out.printf("  alarm → verified  %6.1f s  (verified %s)%n", record.alarmToVerified().orElseThrow().toMillis()
                / 1000.0, time(record.verifiedAt()));
        out.printf("  demo wall time    %6.1f s%n", seconds(demoStart, Instant.now()));
        JsonNode input = read(sfn.describeExecution(b -> b.executionArn(decision.path("execution_arn").asText()))
                .input());
        boolean ok = rollback.succeeded() && GOOD.equals(state.pointer().activeVersion());
        out.println(ok ? "\nProduction is back on " + GOOD + ", automatically, from a real alarm."
                : "\nThe rollback did not bring " + GOOD + " back: " + message(rollback));
        return new Outcome(ok ? 0 : 1, state.pointer().activeVersion(), stores.registry().get(WORKFLOW, BAD)
                .status(), held, input, rollback.execution().statusAsString(), decisions, delivered);
    }

    private static String message(ExecutionWatch.Watched run) {
        if (run.execution().output() == null) {
            return run.execution().error() + ": " + run.execution().cause();
        }
        return read(run.execution().output()).path("message").asText();
    }

    private void mark(String what) {
        mark(what, Instant.now());
    }

    private void mark(String what, Instant at) {
        timeline.add(new String[] {String.format("+%5.1f s  %s", seconds(demoStart, at), time(at)), what});
    }

    private static double seconds(Instant from, Instant to) {
        return to == null ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String time(Instant at) {
        return at.toString().substring(11, 19);
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] example(String file) {
        return EmbeddedStack.read(examples.resolve(file));
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Empties the demo's data directory: each run starts from an empty stack. */
    static void reset(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the demo's data directory " + dir, e);
        }
    }
}
