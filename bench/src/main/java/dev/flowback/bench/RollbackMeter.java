package dev.flowback.bench;

import dev.flowback.emulators.LambdaFunction;
import dev.flowback.sandbox.AwsRequestCounter;
import dev.flowback.sandbox.ChainFunction;
import dev.flowback.sandbox.LocalRollbackRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What one local rollback costs inside the handlers: every chain function is served through a wrapper that times
 * the real handler (wall time, and the thread's CPU time from ThreadMXBean, so time spent waiting on the emulators
 * is not counted as CPU), and attributes the AWS requests it makes to it ({@link AwsRequestCounter}, on every client
 * the handlers build). {@link #reset} before a rollback, read after it.
 */
final class RollbackMeter {
    /** One handler invocation. */
    record Invocation(ChainFunction function, double wallMillis, double cpuMillis) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final AwsRequestCounter counter;
    private final List<Invocation> invocations = new ArrayList<>();

    RollbackMeter(AwsRequestCounter counter) {
        this.counter = counter;
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
    }

    /**
     * Serves every chain function of {@code runner} through the meter; {@code before} runs ahead of each invocation
     * with its payload (CostBench moves its clock there), outside the timing.
     */
    void wrap(LocalRollbackRunner runner, BiConsumer<ChainFunction, byte[]> before) {
        for (ChainFunction function : ChainFunction.values()) {
            runner.wrap(function, handler -> timed(function, handler, before));
        }
    }

    private LambdaFunction timed(ChainFunction function, LambdaFunction handler,
                                 BiConsumer<ChainFunction, byte[]> before) {
        return payload -> {
            before.accept(function, payload);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try {
                return AwsRequestCounter.during(function.functionName(), () -> handler.invoke(payload));
            } finally {
                long wall = System.nanoTime() - start;
                long used = THREADS.getCurrentThreadCpuTime() - cpu;
                synchronized (invocations) {
                    invocations.add(new Invocation(function, wall / 1e6, used / 1e6));
                }
            }
        };
    }

    void reset() {
        synchronized (invocations) {
            invocations.clear();
        }
        counter.reset();
    }

    List<Invocation> invocations() {
        synchronized (invocations) {
            return List.copyOf(invocations);
        }
    }

    double handlerWallMillis() {
        return invocations().stream().mapToDouble(Invocation::wallMillis).sum();
    }

    double handlerCpuMillis() {
        return invocations().stream().mapToDouble(Invocation::cpuMillis).sum();
    }

    List<AwsRequestCounter.Request> requests() {
        return counter.requests();
    }

    long dynamoRequests() {
        return requests().stream().filter(AwsRequestCounter.Request::dynamo).count();
    }

    /** The requests grouped by step, service, operation, item and outcome, in first-seen order, with counts. */
    static List<String> table(List<AwsRequestCounter.Request> requests) {
        Map<String, int[]> rows = new LinkedHashMap<>();
        for (AwsRequestCounter.Request r : requests) {
            String row = String.format(Locale.ROOT, "%-13s %-8s %-11s %-28s %s", r.step(), r.service(),
                    r.operation(), r.item(), r.ok() ? "" : r.outcome());
            rows.computeIfAbsent(row, k -> new int[1])[0]++;
        }
        List<String> lines = new ArrayList<>();
        rows.forEach((row, count) -> lines.add(String.format(Locale.ROOT, "  %2d x %s", count[0], row)
                .stripTrailing()));
        return lines;
    }

    /** Counts per service and operation: "DynamoDb GetItem 9, UpdateItem 8, ...". */
    static String byOperation(List<AwsRequestCounter.Request> requests, String service) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        requests.stream().filter(r -> r.service().equals(service))
                .forEach(r -> counts.merge(r.operation(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((operation, count) -> parts.add(operation + " " + count));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
