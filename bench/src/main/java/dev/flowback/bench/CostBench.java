package dev.flowback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.ExecutionEvent;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.sandbox.AwsRequestCounter;
import dev.flowback.sandbox.ChainFunction;
import dev.flowback.sandbox.LocalRollbackRunner;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.sandbox.RollbackRun;
import dev.flowback.sandbox.SampleDefinitions;
import dev.flowback.sandbox.ScriptedHealthProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one rollback costs on AWS with the production defaults, from counts and durations measured on a real local
 * execution: the real statemachine/rollback.asl.json on aws-local-stepfunctions, the real handlers, dynalite and
 * S3Proxy. The environment has the default rollout policy (RolloutPolicy.defaults(): the health window and check
 * interval an environment gets when nobody sets them) and one alarm configured, so the verification window runs to
 * its end as it does in production. Only the waits are compressed: the Wait states take no time and the handlers'
 * clock jumps by each wait's seconds (so the window ends after the same number of checks); a wait costs nothing on
 * Step Functions beyond its state transition, which is counted.
 *
 * <p>Counted per rollback: state transitions (every state entered, and every retry, from the execution's history:
 * Standard workflows bill each), Lambda invocations and each one's duration (rounded up to 1 ms, times the memory
 * template.yaml gives the functions), DynamoDB request units (consumed capacity as dynalite reports it: a write of up
 * to 1 KB is 1 WRU, a strongly consistent read of up to 4 KB 1 RRU; a failed conditional write 1 WRU), S3 requests
 * and EventBridge events. Prices: us-east-1 list prices (see the constants). Local durations are on a full core of
 * this machine, warm; Lambda at 1024 MB has about 0.58 vCPU, so the Lambda line is printed at 1x and 3x too.
 *
 * <p>Baseline, interleaved in the same run: a second environment with the defaults before this change (a 15 s check
 * interval), on the same definition. Arguments: [runs] [warm-up runs]; default 4 and 2 (each for both). Goal (issue
 * #13 item 7): below $0.001 per rollback.
 */
public final class CostBench {
    private static final String WORKFLOW = "bench-cost";
    /** The default check interval before issue #13: the baseline environment's. */
    private static final Duration BASELINE_INTERVAL = Duration.ofSeconds(15);
    private static final double GOAL = 0.001;
    /** Step Functions Standard, us-east-1: $0.025 per 1,000 state transitions (aws.amazon.com/step-functions). */
    private static final double PER_TRANSITION = 0.025 / 1_000;
    /** Lambda, us-east-1, arm64: $0.0000133334 per GB-second; x86_64: $0.0000166667 (aws.amazon.com/lambda). */
    private static final double PER_GB_SECOND_ARM = 0.0000133334;
    private static final double PER_GB_SECOND_X86 = 0.0000166667;
    /** Lambda requests: $0.20 per million. */
    private static final double PER_INVOCATION = 0.20 / 1_000_000;
    /** DynamoDB on-demand, us-east-1 (since Nov 2024): $0.625 per million WRU, $0.125 per million RRU. */
    private static final double PER_WRU = 0.625 / 1_000_000;
    private static final double PER_RRU = 0.125 / 1_000_000;
    /** S3 Standard, us-east-1: $0.0004 per 1,000 GET, $0.005 per 1,000 PUT (and LIST, COPY, POST). */
    private static final double PER_S3_GET = 0.0004 / 1_000;
    private static final double PER_S3_PUT = 0.005 / 1_000;
    /** EventBridge PutEvents, custom events: $1.00 per million (64 KB chunks; an outcome is far smaller). */
    private static final double PER_EVENT = 1.00 / 1_000_000;

    private CostBench() {
    }

    /** The clock the handlers read: real time plus every wait the state machine skipped. */
    private static final class WaitCompressingClock extends Clock {
        private final AtomicLong skippedMillis = new AtomicLong();

        void skip(long seconds) {
            skippedMillis.addAndGet(seconds * 1000);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(skippedMillis.get());
        }
    }

    /** One rollback's measured counts. */
    private record Measured(int transitions, int retries, List<RollbackMeter.Invocation> invocations,
                            List<AwsRequestCounter.Request> requests, int events, int healthChecks) {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String template = Files.readString(LocalTooling.get().root().resolve("template.yaml"));
        int memoryMb = globalMemory(template);
        String architecture = architecture(template);
        double perGbSecond = architecture.equals("arm64") ? PER_GB_SECOND_ARM : PER_GB_SECOND_X86;

        WaitCompressingClock clock = new WaitCompressingClock();
        AwsRequestCounter counter = new AwsRequestCounter();
        RolloutPolicy rollout = RolloutPolicy.defaults();
        try (LocalStorage stack = LocalStorage.start();
             LocalRollbackRunner runner = LocalRollbackRunner.start(new LocalRollbackRunner.Config(
                     stack.settings().withInterceptor(counter), LocalStorage.TABLE, LocalStorage.BUCKET,
                     new ScriptedHealthProbe(clock), LocalTooling.get().root().resolve("statemachine")
                     .resolve("rollback.asl.json"), FunctionConfig.DEFAULT_LOCK_LEASE, clock, StepLog.discard()))) {
            RollbackMeter meter = new RollbackMeter(counter);
            meter.wrap(runner, (function, payload) -> skipWait(clock, function, payload));
            HealthSignals alarm = HealthSignals.builder().alarms(List.of(WORKFLOW + "-errors")).build();
            runner.environments().create(Environment.of(EnvironmentRef.of(WORKFLOW, "prod"), "flowback-engine",
                    "2.4.1").withHealth(alarm));
            RolloutPolicy before = new RolloutPolicy(rollout.drainTimeout(), rollout.verificationWindow(),
                    BASELINE_INTERVAL, rollout.onVerifyFailure());
            runner.environments().create(Environment.of(EnvironmentRef.of(WORKFLOW, "before"), "flowback-engine",
                    "2.4.1").withHealth(alarm).withRollout(before));
            for (String version : List.of("v1", "v2")) {
                runner.registry().publish(PublishRequest.of(WorkflowId.of(WORKFLOW), VersionId.of(version),
                        SampleDefinitions.triage("^2.1.0", "prompt of " + version), "bench", ""));
            }
            rollback(runner, meter, "prod", "deploy-v1", "v1");
            rollback(runner, meter, "before", "before-deploy-v1", "v1");
            List<Measured> measured = new ArrayList<>();
            List<Measured> baseline = new ArrayList<>();
            for (int i = -warmups; i < runs; i++) {
                String target = (i & 1) == 0 ? "v2" : "v1";
                Measured b = rollback(runner, meter, "before", "before-" + (i + warmups), target);
                Measured m = rollback(runner, meter, "prod", "cost-" + (i + warmups), target);
                if (i >= 0) {
                    measured.add(m);
                    baseline.add(b);
                }
            }
            System.out.println("== baseline: the same definition, the old default check interval ("
                    + BASELINE_INTERVAL.toSeconds() + " s)");
            double was = report(baseline, before, memoryMb, architecture, perGbSecond);
            System.out.println("== candidate: the production defaults");
            double now = report(measured, rollout, memoryMb, architecture, perGbSecond);
            System.out.printf(Locale.ROOT, "candidate / baseline: %.2fx ($%.8f vs $%.8f per rollback)%n", now / was,
                    now, was);
        }
    }

    /** A Wait state took no time: the handlers' clock jumps by what it would have waited. */
    private static void skipWait(WaitCompressingClock clock, ChainFunction function, byte[] payload) {
        String field = switch (function) {
            case CHECK_HEALTH -> "window";
            case CHECK_DRAIN -> "drain";
            default -> null;
        };
        if (field == null) {
            return;
        }
        try {
            JsonNode seconds = PayloadJson.MAPPER.readTree(payload).path(field).path("next_check_in_seconds");
            if (seconds.canConvertToLong()) {
                clock.skip(seconds.asLong());
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + function + " payload", e);
        }
    }

    private static Measured rollback(LocalRollbackRunner runner, RollbackMeter meter, String environment,
                                     String name, String target) {
        meter.reset();
        RollbackRun run = runner.run("{\"workflow_id\": \"" + WORKFLOW + "\", \"environment\": \"" + environment
                + "\", \"target_version\": \"" + target + "\", \"reason\": \"bench\", \"requested_by\": \"bench\"}",
                LocalRollbackRunner.RunOptions.instant().named(name));
        if (!run.succeeded()) {
            throw new IllegalStateException("rollback " + name + " to " + target + " failed: " + run.error() + " "
                    + run.cause());
        }
        List<ExecutionEvent> events = run.execution().events();
        int entered = (int) events.stream().filter(e -> e.type().equals("StateEntered")).count();
        int retried = (int) events.stream().filter(e -> e.type().equals("StateRetried")).count();
        int checks = run.steps("CheckHealth").size();
        return new Measured(entered, retried, meter.invocations(), meter.requests(), run.events().size(), checks);
    }

    private static double report(List<Measured> runs, RolloutPolicy rollout, int memoryMb, String architecture,
                                 double perGbSecond) {
        double[] totals = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            totals[i] = cost(runs.get(i), memoryMb, perGbSecond, 1, false);
        }
        int median = medianIndex(totals);
        Measured m = runs.get(median);
        System.out.printf(Locale.ROOT, "cost per rollback: verification window %d s, check"
                        + " interval %d s, drain timeout %d s, one alarm configured (healthy), nothing in flight;"
                        + " %d runs, the median run shown%n", rollout.verificationWindow().toSeconds(),
                rollout.checkInterval().toSeconds(), rollout.drainTimeout().toSeconds(), runs.size());
        System.out.printf(Locale.ROOT, "health checks: %d; Lambda: %s, %d MB (template.yaml Globals)%n",
                m.healthChecks(), architecture, memoryMb);
        cost(m, memoryMb, perGbSecond, 1, true);
        double[] sorted = totals.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "total over the runs: median $%.8f (min %.8f, max %.8f)%n",
                Stats.median(totals), sorted[0], sorted[sorted.length - 1]);
        double slow = cost(m, memoryMb, perGbSecond, 3, false);
        System.out.printf(Locale.ROOT, "with every Lambda duration 3x the local one (a 1024 MB Lambda has ~0.58"
                + " vCPU): $%.8f%n", slow);
        double total = Stats.median(totals);
        System.out.printf(Locale.ROOT, "goal < $%.3f per rollback: $%.8f = %.2fx the goal, %s%n", GOAL, total,
                total / GOAL, total < GOAL ? "met" : "NOT met");
        return total;
    }

    /** The cost of one rollback, line by line when {@code print}; Lambda durations scaled by {@code slowdown}. */
    private static double cost(Measured m, int memoryMb, double perGbSecond, double slowdown, boolean print) {
        double sfn = (m.transitions() + m.retries()) * PER_TRANSITION;
        long billedMillis = m.invocations().stream()
                .mapToLong(i -> (long) Math.ceil(i.wallMillis() * slowdown)).sum();
        double gbSeconds = memoryMb / 1024.0 * billedMillis / 1000.0;
        double lambdaDuration = gbSeconds * perGbSecond;
        double lambdaRequests = m.invocations().size() * PER_INVOCATION;
        double rru = 0;
        double wru = 0;
        int dynamoRequests = 0;
        int gets = 0;
        int puts = 0;
        for (AwsRequestCounter.Request r : m.requests()) {
            if (r.dynamo()) {
                dynamoRequests++;
                if (r.read()) {
                    rru += r.units() > 0 ? r.units() : 1;
                } else {
                    // A failed conditional write reports no capacity; DynamoDB bills it as a write all the same.
                    wru += r.units() > 0 ? r.units() : 1;
                }
            } else if (r.service().equals("S3")) {
                if (r.operation().equals("GetObject") || r.operation().equals("HeadObject")) {
                    gets++;
                } else {
                    puts++;
                }
            }
        }
        double dynamo = rru * PER_RRU + wru * PER_WRU;
        double s3 = gets * PER_S3_GET + puts * PER_S3_PUT;
        double events = m.events() * PER_EVENT;
        double total = sfn + lambdaDuration + lambdaRequests + dynamo + s3 + events;
        if (print) {
            line("Step Functions", String.format(Locale.ROOT, "%d states entered + %d retries = %d transitions x"
                    + " $0.000025", m.transitions(), m.retries(), m.transitions() + m.retries()), sfn, total);
            line("Lambda duration", String.format(Locale.ROOT, "%d invocations, %d ms billed (each rounded up to"
                    + " 1 ms) x %.3f GB = %.4f GB-s x $%.10f", m.invocations().size(), billedMillis, memoryMb / 1024.0,
                    gbSeconds, perGbSecond), lambdaDuration, total);
            line("Lambda requests", m.invocations().size() + " x $0.0000002", lambdaRequests, total);
            line("DynamoDB", String.format(Locale.ROOT, "%d requests: %.1f RRU x $0.000000125 + %.1f WRU x"
                    + " $0.000000625", dynamoRequests, rru, wru), dynamo, total);
            line("S3", String.format(Locale.ROOT, "%d GET x $0.0000004 + %d PUT x $0.000005", gets, puts), s3, total);
            line("EventBridge", m.events() + " event(s) x $0.000001", events, total);
            System.out.printf(Locale.ROOT, "  %-16s $%.8f%n", "total", total);
            System.out.println("  invocations (ms): " + String.join(", ", m.invocations().stream()
                    .map(i -> String.format(Locale.ROOT, "%s %.1f", i.function().functionName(), i.wallMillis()))
                    .toList()));
        }
        return total;
    }

    private static void line(String what, String arithmetic, double dollars, double total) {
        System.out.printf(Locale.ROOT, "  %-16s $%.8f  %4.1f %%  %s%n", what, dollars, 100 * dollars / total,
                arithmetic);
    }

    private static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        return order[(order.length - 1) / 2];
    }

    /** Globals.Function.MemorySize; the functions set none of their own (checked: a second one is refused). */
    private static int globalMemory(String template) {
        Matcher matcher = Pattern.compile("(?m)^\\s+MemorySize:\\s*(\\d+)\\s*$").matcher(template);
        List<Integer> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(Integer.parseInt(matcher.group(1)));
        }
        if (found.size() != 1) {
            throw new IllegalStateException("template.yaml sets MemorySize " + found.size() + " times: this bench"
                    + " reads only the Globals' one");
        }
        return found.get(0);
    }

    private static String architecture(String template) {
        Matcher matcher = Pattern.compile("(?m)^\\s+Architectures:\\s*\\n\\s+-\\s*(\\S+)").matcher(template);
        if (!matcher.find()) {
            return "x86_64";
        }
        return matcher.group(1);
    }
}
