package dev.flowback.bench;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.sandbox.AwsRequestCounter;
import dev.flowback.sandbox.LocalRollbackRunner;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.sandbox.RollbackRun;
import dev.flowback.sandbox.SampleDefinitions;
import dev.flowback.sandbox.ScriptedHealthProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where does a warm local rollback spend its time, and what does it ask of DynamoDB and S3? Starts the local stack
 * and the runner once, makes v1 then v2 live, then rolls the environment back and forth (v1, v2, v1, ...) through
 * the real statemachine/rollback.asl.json on aws-local-stepfunctions and the real handlers. Every chain function is
 * served through {@link RollbackMeter}: the time inside the handlers (wall and the handler thread's CPU time), and
 * every AWS request the handlers' clients make, by step, operation and item. The rest of the wall time is the local
 * Step Functions runtime: driving the execution, the Lambda HTTP round trips.
 *
 * <p>Goals (issue #13 item 5): the handlers' CPU time under 50 ms per rollback; the wall time at most 2x the
 * handlers' time; the DynamoDB requests each accounted for, with exactly one conditional write moving the pointer.
 *
 * <p>Arguments: [runs] [warm-up runs]; default 15 and 3. Warm-up runs are not counted (class loading, JIT, the first
 * Node start).
 */
public final class LocalRollbackBench {
    private static final String WORKFLOW = "bench-rollback";

    private LocalRollbackBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        AwsRequestCounter counter = new AwsRequestCounter();
        try (LocalStorage stack = LocalStorage.start();
             LocalRollbackRunner runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(
                     stack.settings().withInterceptor(counter), LocalStorage.TABLE, LocalStorage.BUCKET,
                     new ScriptedHealthProbe(Clock.systemUTC())))) {
            RollbackMeter meter = new RollbackMeter(counter);
            meter.wrap(runner, (function, payload) -> { });
            runner.environments().create(Environment.of(EnvironmentRef.of(WORKFLOW, "prod"), "flowback-engine",
                    "2.4.1").withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))));
            for (String version : List.of("v1", "v2")) {
                runner.registry().publish(PublishRequest.of(WorkflowId.of(WORKFLOW), VersionId.of(version),
                        SampleDefinitions.triage("^2.1.0", "prompt of " + version), "bench", ""));
                rollback(runner, "deploy-" + version, version);
            }

            double[] wall = new double[runs];
            double[] handlers = new double[runs];
            double[] cpu = new double[runs];
            double[] ratio = new double[runs];
            double[] dynamo = new double[runs];
            List<AwsRequestCounter.Request> last = List.of();
            for (int i = -warmups; i < runs; i++) {
                String target = ((i + warmups) & 1) == 0 ? "v1" : "v2";
                meter.reset();
                long start = System.nanoTime();
                rollback(runner, "bench-" + (i + warmups), target);
                long elapsed = System.nanoTime() - start;
                if (i >= 0) {
                    wall[i] = elapsed / 1e6;
                    handlers[i] = meter.handlerWallMillis();
                    cpu[i] = meter.handlerCpuMillis();
                    ratio[i] = wall[i] / handlers[i];
                    last = meter.requests();
                    dynamo[i] = meter.dynamoRequests();
                }
            }
            double[] rest = new double[runs];
            for (int i = 0; i < runs; i++) {
                rest[i] = wall[i] - handlers[i];
            }
            System.out.printf(Locale.ROOT, "warm local rollbacks: %d runs (after %d warm-up runs), %d handler"
                    + " invocations each%n", runs, warmups, meter.invocations().size());
            report("wall time", wall, " ms");
            report("in the handlers", handlers, " ms");
            report("everything else", rest, " ms");
            report("handlers' CPU", cpu, " ms");
            report("wall / handlers", ratio, "x");
            System.out.printf(Locale.ROOT, "share outside the handlers: %.0f %% of the median wall time%n",
                    100 * Stats.median(rest) / Stats.median(wall));
            System.out.printf(Locale.ROOT, "goal handlers' CPU < 50 ms per rollback: median %.1f ms, %s%n",
                    Stats.median(cpu), Stats.median(cpu) < 50 ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "goal wall <= 2x the handlers' time: median %.2fx, %s%n",
                    Stats.median(ratio), Stats.median(ratio) <= 2 ? "met" : "NOT met");
            System.out.println("handlers of the last rollback (wall / CPU ms): " + String.join(", ",
                    meter.invocations().stream().map(v -> String.format(Locale.ROOT, "%s %.1f / %.1f",
                            v.function().functionName(), v.wallMillis(), v.cpuMillis())).toList()));
            printRequests(last, dynamo);
        }
    }

    /** The last run's requests, line by line, and the totals (every run makes the same requests, or it says so). */
    private static void printRequests(List<AwsRequestCounter.Request> requests, double[] dynamoPerRun) {
        double[] sorted = dynamoPerRun.clone();
        Arrays.sort(sorted);
        long dynamo = requests.stream().filter(AwsRequestCounter.Request::dynamo).count();
        long failed = requests.stream().filter(r -> r.dynamo() && !r.ok()).count();
        long pointerWrites = requests.stream().filter(AwsRequestCounter.Request::pointer).count();
        System.out.printf(Locale.ROOT, "DynamoDB requests per rollback: %d (%s; min %.0f, max %.0f over the runs),"
                        + " %d failed conditional write(s), %d pointer-moving write(s)%n", dynamo,
                RollbackMeter.byOperation(requests, "DynamoDb"), sorted[0], sorted[sorted.length - 1], failed,
                pointerWrites);
        System.out.printf(Locale.ROOT, "S3 requests per rollback: %s%n", RollbackMeter.byOperation(requests, "S3"));
        System.out.println("requests of the last rollback (count x step, service, operation, item, failure):");
        RollbackMeter.table(requests).forEach(System.out::println);
    }

    private static void rollback(LocalRollbackRunner runner, String name, String target) {
        RollbackRun run = runner.run("{\"workflow_id\": \"" + WORKFLOW + "\", \"environment\": \"prod\","
                + " \"target_version\": \"" + target + "\", \"reason\": \"bench\", \"requested_by\": \"bench\"}",
                LocalRollbackRunner.RunOptions.instant().named(name));
        if (!run.succeeded()) {
            throw new IllegalStateException("rollback " + name + " to " + target + " failed: " + run.error() + " "
                    + run.cause());
        }
    }

    private static void report(String what, double[] values, String unit) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-16s median %8.2f%s  (p25 %.2f, p75 %.2f, min %.2f, max %.2f)%n", what,
                Stats.median(sorted), unit, Stats.percentile(sorted, 25), Stats.percentile(sorted, 75),
                sorted[0], sorted[sorted.length - 1]);
    }
}
