package dev.flowback.bench;

import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRecord;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.definition.Json;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.emulators.LambdaFunction;
import dev.flowback.emulators.Polling;
import dev.flowback.health.CloudWatchHealthProbe;
import dev.flowback.sandbox.AlarmEventRelay;
import dev.flowback.sandbox.ChainFunction;
import dev.flowback.sandbox.LocalStack;
import dev.flowback.sandbox.SampleDefinitions;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Alarm → switched and alarm → verified through the real trigger on the local stack ({@link LocalStack}): the local
 * CloudWatch, moto's EventBridge rule and SQS queue, the real trigger handler, the real state machine on
 * aws-local-stepfunctions over the real handlers, dynalite and S3Proxy. Every figure is read from the rollback
 * records the chain wrote (the alarm's state-change time in the evidence, switchedAt, verifiedAt) and the trigger's
 * decision records, not from this harness's clock.
 *
 * <p>Set-up, not measured: one workflow with v1 and v2; v1 earns GOOD in a seed environment; then one environment per
 * alarm, each with its own alarm (its health signal and the alarm mapped to it) and v2 deployed by hand (force: a
 * previous alarm's rollback marked v2 BAD). One alarm per environment is how every alarm starts a rollback under the
 * default automation policy (15-minute cooldown and 3 an hour per environment, rollback-of-rollback freezes): no
 * damping is loosened. The rollout's waits are compressed as the demo compresses them: the deploys run with no
 * drain and a zero-second window (one check), the alarms' rollbacks with no drain and a {@value #WINDOW_SECONDS} s
 * verification window checked every second, so alarm → verified contains that window.
 *
 * <p>Measured, one alarm at a time (no two rollbacks overlap): SetAlarmState ALARM on the environment's alarm (the
 * local evaluator puts it back to OK on its next evaluation, as CloudWatch does, so the verification sees it
 * recover), then the record is polled until it is final. The first {@code warm-up} alarms are reported apart (the
 * first trigger and chain invocations in this JVM load classes and JIT; a Lambda cold start is a separate figure).
 *
 * <p>Arguments: [alarms] [warm-up alarms] [parallel deploys]; default 30, 2, 3.
 */
public final class AlarmLatencyBench {
    private static final WorkflowId WORKFLOW = WorkflowId.of("bench-latency");
    private static final int WINDOW_SECONDS = 2;
    private static final RolloutPolicy DEPLOY = RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
    private static final RolloutPolicy MEASURED = RolloutPolicy.of(Duration.ZERO,
            Duration.ofSeconds(WINDOW_SECONDS), Duration.ofSeconds(1));
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 100;

    /** One alarm's path, every instant from a record. */
    record Sample(String environment, RollbackStatus status, Instant alarm, Instant decided, Instant started,
                  Instant switched, Instant verified, Map<ChainFunction, Long> handlerNanos) {
        double ms(Instant from, Instant to) {
            return Duration.between(from, to).toNanos() / 1e6;
        }
    }

    private AlarmLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int alarms = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long benchStart = System.nanoTime();
        Path data = Files.createTempDirectory("flowback-alarm-latency");
        try (LocalStack stack = LocalStack.start(LocalStack.Config.persistent(data, line -> { }).anyPorts());
             CloudWatchClient cw = CloudWatchHealthProbe.client(stack.settings());
             SfnClient sfn = SfnRollbackExecutions.client(stack.settings())) {
            progress("local stack up", benchStart);
            FlowbackStores stores = stack.stores();
            Map<ChainFunction, AtomicLong> handlerNanos = new EnumMap<>(ChainFunction.class);
            for (ChainFunction function : ChainFunction.values()) {
                AtomicLong total = new AtomicLong();
                handlerNanos.put(function, total);
                stack.chain().wrap(function, handler -> timed(handler, total));
            }
            for (String v : List.of("v1", "v2")) {
                stores.registry().publish(PublishRequest.of(WORKFLOW, VersionId.of(v),
                        SampleDefinitions.triage("^2.1.0", "prompt of " + v), "bench", v));
            }
            AutomationControls controls = new AutomationControls(stores.alarmMappings(), stores.environments(),
                    stores.registry(), stores.holds(), stores.automation(), stores.triggerDecisions(),
                    Clock.systemUTC());
            int total = warmups + alarms;
            List<EnvironmentRef> envs = new ArrayList<>();
            EnvironmentRef seed = EnvironmentRef.of(WORKFLOW.value(), "seed");
            prepare(stack, cw, seed, DEPLOY);
            for (int i = 1; i <= total; i++) {
                EnvironmentRef ref = EnvironmentRef.of(WORKFLOW.value(), String.format(Locale.ROOT, "env-%02d", i));
                prepare(stack, cw, ref, DEPLOY);
                controls.map(AlarmMapping.of(alarm(ref), ref, Instant.now(), "bench"));
                envs.add(ref);
            }
            Stream.concat(Stream.of(seed), envs.stream()).forEach(ref -> Polling.awaitTrue(() ->
                    cw.describeAlarms(b -> b.alarmNames(alarm(ref))).metricAlarms().get(0).stateValue()
                            == StateValue.OK, DEADLINE, alarm(ref) + " evaluated to OK"));
            progress("alarms OK", benchStart);
            deploy(sfn, stack, seed, "v1");
            progress("v1 GOOD in " + seed, benchStart);
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<?>> deploys = new ArrayList<>();
                for (EnvironmentRef ref : envs) {
                    deploys.add(pool.submit(() -> deploy(sfn, stack, ref, "v2")));
                }
                for (Future<?> f : deploys) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            for (EnvironmentRef ref : envs) {
                Environment settled = stack.chain().environments().get(ref).environment().withRollout(MEASURED);
                stack.chain().environments().update(settled);
            }
            double setupSeconds = (System.nanoTime() - benchStart) / 1e9;
            progress("v2 deployed to " + envs.size() + " environments", benchStart);

            AlarmEventRelay relay = stack.alarmEvents();
            List<Sample> samples = new ArrayList<>();
            for (EnvironmentRef ref : envs) {
                handlerNanos.values().forEach(n -> n.set(0));
                cw.setAlarmState(b -> b.alarmName(alarm(ref)).stateValue(StateValue.ALARM).stateReason(
                        "Threshold Crossed: 1 datapoint [9.5] was greater than the threshold (5.0)."));
                String arn = Polling.await(() -> relay.deliveries().stream()
                        .filter(d -> d.alarmName().equals(alarm(ref)) && d.decision().equals("started"))
                        .map(d -> d.answer().path("decisions").path(0).path("execution_arn").asText())
                        .findFirst(), DEADLINE, "the trigger starting the rollback of " + ref);
                // Waiting on the execution, not on the record: polling dynalite would load the store being measured.
                awaitEnded(sfn, arn, ref);
                RollbackRecord record = stores.journal().find(ref, arn).filter(r -> r.status().isFinal())
                        .orElseThrow(() -> new IllegalStateException("the execution of " + ref + " ended and its"
                                + " record is not final"));
                TriggerDecision decision = stores.triggerDecisions().recent(ref, 20).stream()
                        .filter(d -> arn.equals(d.executionArn())).min(Comparator.comparing(
                                TriggerDecision::decidedAt)).orElseThrow();
                Map<ChainFunction, Long> nanos = new EnumMap<>(ChainFunction.class);
                handlerNanos.forEach((f, n) -> nanos.put(f, n.get()));
                samples.add(new Sample(ref.environment().value(), record.status(), record.alarmAt().orElseThrow(),
                        decision.decidedAt(), record.startedAt(), record.switchedAt(), record.verifiedAt(), nanos));
            }
            double seconds = (System.nanoTime() - benchStart) / 1e9;
            print(samples.subList(0, warmups), samples.subList(warmups, samples.size()), setupSeconds, seconds);
        } finally {
            delete(data);
        }
    }

    private static void progress(String what, long since) {
        System.err.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - since) / 1e9, what);
    }

    private static String alarm(EnvironmentRef ref) {
        return ref.workflow() + "-" + ref.environment() + "-errors";
    }

    private static void prepare(LocalStack stack, CloudWatchClient cw, EnvironmentRef ref, RolloutPolicy rollout) {
        stack.chain().environments().create(Environment.of(ref, "flowback-engine", "2.4.1").withRollout(rollout)
                .withHealth(HealthSignals.builder().alarms(List.of(alarm(ref))).build()));
        // No datapoints, missing data not breaching: OK by the local evaluator, and back to OK after SetAlarmState.
        cw.putMetricAlarm(b -> b.alarmName(alarm(ref)).namespace("Flowback/Bench").metricName("ErrorRate")
                .statistic("Average").period(10).evaluationPeriods(1).threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching"));
    }

    private static void deploy(SfnClient sfn, LocalStack stack, EnvironmentRef ref, String version) {
        String input = Json.MAPPER.createObjectNode().put("workflow_id", ref.workflow().value())
                .put("environment", ref.environment().value()).put("target_version", version)
                .put("reason", "bench set-up").put("trigger", "manual").put("requested_by", "bench")
                .put("force", true).toString();
        String arn = null;
        for (int attempt = 1; arn == null; attempt++) {
            try {
                arn = sfn.startExecution(b -> b.stateMachineArn(stack.chain().stateMachineArn())
                        .name("deploy-" + ref.environment() + "-" + version).input(input)).executionArn();
            } catch (ApiCallTimeoutException e) {
                // A loaded machine: the same name and input again is the same execution (StartExecution's rule).
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        String started = arn;
        awaitEnded(sfn, started, ref);
        ExecutionStatus status = sfn.describeExecution(b -> b.executionArn(started)).status();
        if (status != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("deploying " + version + " to " + ref + " ended " + status);
        }
    }

    /** Polls DescribeExecution every {@value #POLL_MILLIS} ms, gently: the machine is the one being measured. */
    private static void awaitEnded(SfnClient sfn, String arn, EnvironmentRef ref) {
        Instant giveUp = Instant.now().plus(DEADLINE);
        while (sfn.describeExecution(b -> b.executionArn(arn)).status() == ExecutionStatus.RUNNING) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("the rollback of " + ref + " still runs after " + DEADLINE);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static LambdaFunction timed(LambdaFunction handler, AtomicLong total) {
        return payload -> {
            long start = System.nanoTime();
            try {
                return handler.invoke(payload);
            } finally {
                total.addAndGet(System.nanoTime() - start);
            }
        };
    }

    private static void print(List<Sample> warm, List<Sample> measured, double setupSeconds, double seconds) {
        System.out.println("== AlarmLatencyBench: alarm -> switched / alarm -> verified through the real trigger"
                + " (local stack) ==");
        System.out.printf(Locale.ROOT, "path: SetAlarmState ALARM on the local CloudWatch -> PutEvents (moto) -> rule"
                + " -> SQS -> trigger -> StartExecution -> rollback.asl.json (aws-local-stepfunctions) -> snapshot,"
                + " validate, pause, switch, check-health x%d, verify%n", WINDOW_SECONDS + 1);
        System.out.printf(Locale.ROOT, "alarms: %d measured (+%d warm-up, below), one environment each (default"
                + " automation policy, no damping loosened), one at a time%n", measured.size(), warm.size());
        System.out.printf(Locale.ROOT, "compressed waits (as the demo): drain 0 s, verification window %d s, check"
                + " every 1 s; production defaults are %d s drain timeout (no wait when nothing is in flight),"
                + " %d s window, %d s checks%n", WINDOW_SECONDS, RolloutPolicy.DEFAULT_DRAIN_TIMEOUT.toSeconds(),
                RolloutPolicy.DEFAULT_VERIFICATION_WINDOW.toSeconds(),
                RolloutPolicy.DEFAULT_CHECK_INTERVAL.toSeconds());
        System.out.println("every instant read from the records: alarm = evidence.stateChangedAt (the event's state"
                + " timestamp), decided = trigger decision, opened = record startedAt (snapshot step), switched ="
                + " switchedAt, verified = verifiedAt");
        Map<String, Long> statuses = new TreeMap<>();
        measured.forEach(s -> statuses.merge(s.status().name(), 1L, Long::sum));
        System.out.println("outcomes: " + statuses);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %9s %9s %9s %9s%n", "ms", "p50", "p95", "min", "max");
        row("alarm -> switched", measured, s -> s.ms(s.alarm(), s.switched()));
        row("alarm -> verified", measured, s -> s.ms(s.alarm(), s.verified()));
        System.out.println("breakdown:");
        row("  alarm -> trigger decided", measured, s -> s.ms(s.alarm(), s.decided()));
        row("  decided -> record opened", measured, s -> s.ms(s.decided(), s.started()));
        row("  opened -> switched", measured, s -> s.ms(s.started(), s.switched()));
        row("  switched -> verified", measured, s -> s.ms(s.switched(), s.verified()));
        row("  of which the window", measured, s -> WINDOW_SECONDS * 1000.0);
        row("  verified - window", measured, s -> s.ms(s.switched(), s.verified()) - WINDOW_SECONDS * 1000.0);
        System.out.println("handlers' own time per rollback (in-process, warm):");
        for (ChainFunction f : ChainFunction.values()) {
            if (measured.stream().anyMatch(s -> s.handlerNanos().get(f) > 0)) {
                row("  " + f.functionName(), measured, s -> s.handlerNanos().get(f) / 1e6);
            }
        }
        row("  all chain handlers", measured, s -> s.handlerNanos().values().stream().mapToLong(Long::longValue)
                .sum() / 1e6);
        if (!warm.isEmpty()) {
            System.out.println("warm-up alarms (first trigger and chain invocations in this JVM), not counted:");
            for (Sample s : warm) {
                System.out.printf(Locale.ROOT, "  %s: alarm -> switched %.0f ms, alarm -> verified %.0f ms%n",
                        s.environment(), s.ms(s.alarm(), s.switched()), s.ms(s.alarm(), s.verified()));
            }
        }
        System.out.printf(Locale.ROOT, "goal (issue #13 item 6): p50 and p95 over >= 30 alarms through the real"
                + " trigger: %s (%d alarms)%n", measured.size() >= 30 ? "met" : "NOT met", measured.size());
        System.out.printf(Locale.ROOT, "set-up %.0f s, whole run %.0f s%n", setupSeconds, seconds);
    }

    private static void row(String what, List<Sample> samples, ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-28s %9.0f %9.0f %9.0f %9.0f%n", what, Stats.percentile(v, 50),
                Stats.percentile(v, 95), v[0], v[v.length - 1]);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
