package dev.flowback.bench;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.LambdaFunction;
import dev.flowback.sandbox.ChainFunction;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where does a warm local rollback spend its time? Starts the local stack and the runner once, makes v1 then v2 live,
 * then rolls the environment back and forth (v1, v2, v1, ...) through the real statemachine/rollback.asl.json on
 * aws-local-stepfunctions and the real handlers, timing each execution's wall time and the time spent inside the
 * handlers (every chain function is wrapped with a timer). The rest is the local Step Functions runtime: starting
 * and driving the execution, the Lambda HTTP round trips.
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
        try (LocalStorage stack = LocalStorage.start();
             LocalRollbackRunner runner = LocalRollbackRunner.start(LocalRollbackRunner.Config.of(stack.settings(),
                     LocalStorage.TABLE, LocalStorage.BUCKET, new ScriptedHealthProbe(Clock.systemUTC())))) {
            AtomicLong handlerNanos = new AtomicLong();
            for (ChainFunction function : ChainFunction.values()) {
                runner.wrap(function, handler -> timed(handler, handlerNanos));
            }
            runner.environments().create(Environment.of(EnvironmentRef.of(WORKFLOW, "prod"), "flowback-engine",
                    "2.4.1").withRollout(RolloutPolicy.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))));
            for (String version : List.of("v1", "v2")) {
                runner.registry().publish(PublishRequest.of(WorkflowId.of(WORKFLOW), VersionId.of(version),
                        SampleDefinitions.triage("^2.1.0", "prompt of " + version), "bench", ""));
                rollback(runner, "deploy-" + version, version);
            }

            double[] wall = new double[runs];
            double[] handlers = new double[runs];
            for (int i = -warmups; i < runs; i++) {
                String target = ((i + warmups) & 1) == 0 ? "v1" : "v2";
                handlerNanos.set(0);
                long start = System.nanoTime();
                rollback(runner, "bench-" + (i + warmups), target);
                long elapsed = System.nanoTime() - start;
                if (i >= 0) {
                    wall[i] = elapsed / 1e6;
                    handlers[i] = handlerNanos.get() / 1e6;
                }
            }
            double[] rest = new double[runs];
            for (int i = 0; i < runs; i++) {
                rest[i] = wall[i] - handlers[i];
            }
            System.out.printf(Locale.ROOT, "warm local rollbacks: %d runs (after %d warm-up runs)%n", runs, warmups);
            report("wall time", wall);
            report("in the handlers", handlers);
            report("everything else", rest);
            System.out.printf(Locale.ROOT, "share outside the handlers: %.0f %% of the median wall time%n",
                    100 * median(rest) / median(wall));
        }
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

    private static void report(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-16s median %8.1f ms  (p25 %.1f, p75 %.1f, min %.1f, max %.1f)%n", what,
                median(sorted), percentile(sorted, 25), percentile(sorted, 75), sorted[0],
                sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }

    /** Linear interpolation between closest ranks, on sorted values. */
    private static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }
}
