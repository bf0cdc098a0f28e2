package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.engine.gate.Admission;
import dev.flowback.engine.gate.Admitted;
import dev.flowback.engine.gate.EngineGate;
import dev.flowback.function.runtime.PayloadJson;
import dev.flowback.health.CloudWatchHealthProbe;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * A workflow engine, simulated, running one environment's instances through the real {@link EngineGate}: each
 * instance is admitted (or refused while a rollback drains), pinned to the version live at its admission, runs for
 * its simulated duration holding its lease, and is released. Once a second the engine publishes what its finished
 * instances measured to CloudWatch, as an engine's metrics agent would: {@value #ERROR_RATE} (percent) and
 * {@value #LATENCY} (milliseconds), high resolution, dimensions Workflow and Environment.
 *
 * <p>The simulated fault is read from each pinned definition, never from a version's name: an instance calls its
 * queue (the definition's http nodes), whose latency starts near {@link #BASE_LATENCY_MS} and rises
 * {@link #LATENCY_RISE_MS_PER_SECOND} ms for every second the pinned version has been running — the queues slowing
 * as a backlog builds under it; the instance fails when the latency exceeds the definition's smallest
 * {@code timeoutMs}. A version with 3 s timeouts never meets it within minutes; one with 500 ms timeouts starts
 * failing some twenty seconds after it goes live, and its error rate climbs from there. Besides that, one instance
 * in {@link #BACKGROUND_FAILURES} fails anyway (the model provider's own errors).
 */
public final class SimulatedEngine implements AutoCloseable {
    public static final String NAMESPACE = "Flowback/Engine";
    public static final String ERROR_RATE = "ErrorRate";
    public static final String LATENCY = "LatencyMs";
    static final int BASE_LATENCY_MS = 300;
    static final int LATENCY_JITTER_MS = 80;
    static final int LATENCY_RISE_MS_PER_SECOND = 6;
    static final int BACKGROUND_FAILURES = 200;
    private static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** One second of the engine's finished instances, as published. */
    public record Sample(Instant at, String version, int finished, int failed, int refused, double errorRate,
                         double latencyMs) {
    }

    private final EngineGate gate;
    private final CloudWatchClient cloudWatch;
    private final String workflow;
    private final String environment;
    private final ScheduledExecutorService scheduler;
    private final Random random = new Random(42);
    private final Map<String, Instant> firstRun = new ConcurrentHashMap<>();
    private final Map<String, Integer> timeouts = new ConcurrentHashMap<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Object window = new Object();
    private int finished;
    private int failed;
    private int refused;
    private long latencyTotal;
    private String lastVersion = "-";

    private SimulatedEngine(EngineGate gate, CloudWatchClient cloudWatch, String workflow, String environment) {
        this.gate = gate;
        this.cloudWatch = cloudWatch;
        this.workflow = workflow;
        this.environment = environment;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "simulated-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts admitting {@code perSecond} instances a second into {@code environment} of {@code workflow} on the
     * local stack, and publishing its metrics to the stack's CloudWatch.
     */
    public static SimulatedEngine start(LocalStack stack, String workflow, String environment, int perSecond) {
        EngineGate gate = EngineGate.builder(LocalStack.TABLE, LocalStack.BUCKET, workflow, environment)
                .localEndpoints(Map.of("s3", stack.s3().endpoint(), "dynamodb", stack.dynamo().endpoint()),
                        LocalStack.ACCESS_KEY, LocalStack.SECRET_KEY)
                .leaseLength(Duration.ofSeconds(30))
                .build();
        SimulatedEngine engine = new SimulatedEngine(gate, CloudWatchHealthProbe.client(
                stack.settings()), workflow, environment);
        long every = 1000L / perSecond;
        engine.scheduler.scheduleAtFixedRate(engine::admitOne, 0, every, TimeUnit.MILLISECONDS);
        engine.scheduler.scheduleAtFixedRate(engine::publish, 1, 1, TimeUnit.SECONDS);
        return engine;
    }

    /** The dimensions the engine publishes under: what an alarm on its metrics names. */
    public static List<Dimension> dimensions(String workflow, String environment) {
        return List.of(Dimension.builder().name("Workflow").value(workflow).build(),
                Dimension.builder().name("Environment").value(environment).build());
    }

    /** Every second published so far, oldest first. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void admitOne() {
        String id = "instance-" + sequence.incrementAndGet();
        Admission admission;
        try {
            admission = gate.admit(id);
        } catch (RuntimeException e) {
            // Storage briefly unreachable: the engine would queue the instance; it counts as refused here.
            countRefused();
            return;
        }
        if (!(admission instanceof Admitted run)) {
            countRefused();
            return;
        }
        int timeout = timeouts.computeIfAbsent(run.sha256(), sha -> smallestTimeout(run.definition().bytes()));
        Instant first = firstRun.computeIfAbsent(run.version(), v -> Instant.now());
        long running = Duration.between(first, Instant.now()).toSeconds();
        int latency;
        synchronized (random) {
            latency = BASE_LATENCY_MS + (int) (LATENCY_RISE_MS_PER_SECOND * running)
                    + random.nextInt(2 * LATENCY_JITTER_MS + 1) - LATENCY_JITTER_MS;
        }
        boolean timedOut = latency > timeout;
        boolean background;
        synchronized (random) {
            background = random.nextInt(BACKGROUND_FAILURES) == 0;
        }
        int duration = Math.min(latency, timeout);
        scheduler.schedule(() -> finish(run, duration, timedOut || background), duration, TimeUnit.MILLISECONDS);
    }

    private void finish(Admitted run, int latency, boolean failedRun) {
        try {
            run.release();
        } catch (RuntimeException e) {
            // The lease expires by itself; a failed release never blocks a drain for longer than the lease.
        }
        synchronized (window) {
            finished++;
            if (failedRun) {
                failed++;
            }
            latencyTotal += latency;
            lastVersion = run.version();
        }
    }

    private void countRefused() {
        synchronized (window) {
            refused++;
        }
    }

    private void publish() {
        Sample sample;
        synchronized (window) {
            double rate = finished == 0 ? 0 : 100.0 * failed / finished;
            double latency = finished == 0 ? 0 : (double) latencyTotal / finished;
            sample = new Sample(Instant.now(), lastVersion, finished, failed, refused, rate, latency);
            finished = 0;
            failed = 0;
            refused = 0;
            latencyTotal = 0;
        }
        samples.add(sample);
        if (sample.finished() == 0) {
            // No instance finished this second: no data point (the alarm treats missing data as not breaching).
            return;
        }
        List<MetricDatum> data = new ArrayList<>();
        data.add(datum(ERROR_RATE, sample.errorRate(), StandardUnit.PERCENT, sample.at()));
        data.add(datum(LATENCY, sample.latencyMs(), StandardUnit.MILLISECONDS, sample.at()));
        try {
            cloudWatch.putMetricData(b -> b.namespace(NAMESPACE).metricData(data));
        } catch (RuntimeException e) {
            // A metrics agent drops a second it could not send; the next one carries on.
        }
    }

    private MetricDatum datum(String name, double value, StandardUnit unit, Instant at) {
        return MetricDatum.builder().metricName(name).value(value).unit(unit).timestamp(at).storageResolution(1)
                .dimensions(dimensions(workflow, environment)).build();
    }

    /** The smallest {@code timeoutMs} of the definition's nodes, or 30 s when none sets one. */
    static int smallestTimeout(byte[] definition) {
        JsonNode root;
        try {
            root = PayloadJson.MAPPER.readTree(definition);
        } catch (IOException e) {
            return DEFAULT_TIMEOUT_MS;
        }
        int smallest = DEFAULT_TIMEOUT_MS;
        for (JsonNode node : root.path("nodes")) {
            JsonNode timeout = node.path("params").path("timeoutMs");
            if (timeout.isNumber() && timeout.asInt() > 0) {
                smallest = Math.min(smallest, timeout.asInt());
            }
        }
        return smallest;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cloudWatch.close();
    }
}
