package dev.flowback.bench;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.SnapshotStore;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.s3.S3SnapshotStore;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue #13 item 4: what does publishing a 5 MiB definition cost against the raw S3 PutObject of the same bytes?
 *
 * <p>Candidate: the registry's publish use case exactly as the API's publish route calls it
 * ({@code VersionRegistry.publish} with the request body's bytes), over the production S3 and DynamoDB stores as
 * {@code FlowbackStores} wires them (with pass-through decorators that count and time the DynamoDB requests and
 * the snapshot write), against S3Proxy and dynalite ({@link LocalStorage}). Baseline: one PutObject of
 * the same bytes to the same S3Proxy with an S3 client built exactly as the snapshot store builds its own
 * ({@link S3SnapshotStore#client}), the body streamed from the array as the store does. Each round publishes a fresh
 * document (a fixed-width serial patched into the description, so every round's bytes and fingerprint are new and
 * nothing is reused) and puts the same bytes under a fresh key; the order alternates round by round so load on the
 * machine hits both alike.
 *
 * <p>Allocation: {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} of the calling thread around each
 * call (the sync SDK client does its work on the calling thread), and separately what every other live thread
 * allocated meanwhile: S3Proxy runs in this JVM, so its server-side work lands there, for baseline and candidate
 * alike.
 *
 * <p>Arguments: [rounds] [warm-up rounds] [document MiB]; defaults 15 5 5.
 */
public final class PublishBench {
    private static final double TIME_GOAL = 1.25;
    private static final double ALLOCATION_GOAL = 4.0;
    private static final String SERIAL_MARK = "bench-serial-";
    private static final int SERIAL_DIGITS = 9;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int mib = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        byte[] template = FlowbackDocument.generate(mib * 1024 * 1024, SERIAL_MARK + "0".repeat(SERIAL_DIGITS));
        int serialAt = indexOf(template, SERIAL_MARK.getBytes(StandardCharsets.US_ASCII)) + SERIAL_MARK.length();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (LocalStorage stack = LocalStorage.start()) {
            Instrumented candidate = new Instrumented(stack);
            S3Client raw = S3SnapshotStore.client(stack.settings());
            WorkflowId workflow = WorkflowId.of("publish-bench");
            System.out.printf("document: Flowback JSON, %,d bytes (%d MiB), %s%n", template.length, mib,
                    FlowbackDocument.describe(template));

            List<Sample> puts = new ArrayList<>();
            List<Sample> publishes = new ArrayList<>();
            int serial = 1_000;
            for (int round = 0; round < warmup + rounds; round++) {
                byte[] document = withSerial(template, serialAt, serial++);
                String rawKey = "raw-put/" + round;
                Supplier<Sample> put = () -> measure(threads, () -> raw.putObject(b -> b.bucket(LocalStorage.BUCKET)
                                .key(rawKey).contentType("application/octet-stream")
                                .contentLength((long) document.length),
                        RequestBody.fromInputStream(new java.io.ByteArrayInputStream(document), document.length)));
                Supplier<Sample> publish = () -> candidate.publish(threads,
                        new PublishRequest(workflow, null, document, "bench", "publish bench", null, false, false));
                Sample p;
                Sample q;
                if (round % 2 == 0) {
                    p = put.get();
                    q = publish.get();
                } else {
                    q = publish.get();
                    p = put.get();
                }
                if (round >= warmup) {
                    puts.add(p);
                    publishes.add(q);
                }
            }
            report(template.length, rounds, puts, publishes);
        }
    }

    private static void report(int size, int rounds, List<Sample> puts, List<Sample> publishes) {
        double[] putMs = puts.stream().mapToDouble(Sample::millis).sorted().toArray();
        double[] pubMs = publishes.stream().mapToDouble(Sample::millis).sorted().toArray();
        double[] ratios = new double[puts.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = publishes.get(i).millis() / puts.get(i).millis();
        }
        Arrays.sort(ratios);
        double ratio = median(pubMs) / median(putMs);
        long putAlloc = medianLong(puts.stream().mapToLong(Sample::allocated).toArray());
        long pubAlloc = medianLong(publishes.stream().mapToLong(Sample::allocated).toArray());
        long putOther = medianLong(puts.stream().mapToLong(Sample::otherThreads).toArray());
        long pubOther = medianLong(publishes.stream().mapToLong(Sample::otherThreads).toArray());
        System.out.println();
        System.out.println("== PublishBench (issue #13 item 4): publish of a " + size
                + "-byte definition vs raw PutObject");
        System.out.printf("rounds: %d interleaved (alternating order), after warm-up%n", rounds);
        System.out.printf("raw PutObject   median %7.1f ms (p25-p75 %.1f-%.1f, min-max %.1f-%.1f)%n",
                median(putMs), pct(putMs, 25), pct(putMs, 75), putMs[0], putMs[putMs.length - 1]);
        System.out.printf("publish         median %7.1f ms (p25-p75 %.1f-%.1f, min-max %.1f-%.1f)%n",
                median(pubMs), pct(pubMs, 25), pct(pubMs, 75), pubMs[0], pubMs[pubMs.length - 1]);
        System.out.printf("ratio           %.2fx (of medians); per-round ratio p25-p75 %.2f-%.2f; goal <= %.2fx: %s%n",
                ratio, pct(ratios, 25), pct(ratios, 75), TIME_GOAL, ratio <= TIME_GOAL ? "MET" : "NOT MET");
        System.out.printf("allocated, calling thread: raw put %s (%.2fx size), publish %s (%.2fx size); goal publish"
                        + " <= %.1fx size: %s%n", mib(putAlloc), putAlloc / (double) size, mib(pubAlloc),
                pubAlloc / (double) size, ALLOCATION_GOAL, pubAlloc <= ALLOCATION_GOAL * size ? "MET" : "NOT MET");
        System.out.printf("CPU of the calling thread, median: raw put %.1f ms, publish %.1f ms (S3Proxy's and"
                        + " dynalite's work is on other threads and processes)%n",
                median(puts.stream().mapToDouble(Sample::cpuMillis).sorted().toArray()),
                median(publishes.stream().mapToDouble(Sample::cpuMillis).sorted().toArray()));
        System.out.printf("publish's parts, median: DynamoDB requests %.1f ms, snapshot PutObject %.1f ms, the rest"
                        + " (parse, rules, fingerprint, hash) %.1f ms%n",
                median(publishes.stream().mapToDouble(Sample::dynamoMillis).sorted().toArray()),
                median(publishes.stream().mapToDouble(Sample::snapshotMillis).sorted().toArray()),
                median(publishes.stream().mapToDouble(q -> q.millis() - q.dynamoMillis() - q.snapshotMillis())
                        .sorted().toArray()));
        System.out.println("DynamoDB requests per publish: " + publishes.get(publishes.size() - 1).requests());
        System.out.printf("allocated, other threads meanwhile (S3Proxy in this JVM, SDK timers): raw put %s,"
                + " publish %s%n", mib(putOther), mib(pubOther));
    }

    /** One call's wall time and allocation: on the calling thread, and on every other live thread meanwhile. */
    private static Sample measure(com.sun.management.ThreadMXBean threads, Runnable call) {
        long self = Thread.currentThread().getId();
        long[] ids = threads.getAllThreadIds();
        long othersBefore = othersAllocated(threads, ids, self);
        long before = threads.getThreadAllocatedBytes(self);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        call.run();
        long elapsed = System.nanoTime() - t0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        long others = othersAllocated(threads, ids, self) - othersBefore;
        return new Sample(elapsed / 1e6, cpu / 1e6, allocated, others, 0, 0, "");
    }

    private static long othersAllocated(com.sun.management.ThreadMXBean threads, long[] ids, long self) {
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self && bytes[i] > 0) {
                sum += bytes[i];
            }
        }
        return sum;
    }

    /**
     * The registry wired exactly as {@code FlowbackStores.onAws} wires it (the production S3 snapshot store and
     * DynamoDB version catalog, clients built by their own factories from the same settings), with two pass-through
     * decorators that only count and time: the DynamoDB client (each call the catalog makes on it is one request;
     * the real client's own delegation happens behind it, uncounted) and the snapshot store's write.
     */
    private static final class Instrumented {
        final Map<String, Integer> requests = new TreeMap<>();
        long dynamoNanos;
        long snapshotNanos;
        final VersionRegistry registry;

        Instrumented(LocalStorage stack) {
            DynamoDbClient real = DynamoVersionCatalog.client(stack.settings());
            InvocationHandler counting = (proxy, method, arguments) -> {
                boolean request = !List.of("serviceName", "close", "serviceClientConfiguration", "waiter",
                        "utilities", "toString", "hashCode", "equals").contains(method.getName());
                long t0 = System.nanoTime();
                try {
                    return method.invoke(real, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                } finally {
                    if (request) {
                        requests.merge(method.getName(), 1, Integer::sum);
                        dynamoNanos += System.nanoTime() - t0;
                    }
                }
            };
            DynamoDbClient counted = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, counting);
            SnapshotStore s3 = S3SnapshotStore.over(S3SnapshotStore.lazyClient(stack.settings()), LocalStorage.BUCKET);
            SnapshotStore timed = new SnapshotStore() {
                @Override
                public boolean putIfAbsent(String key, ContentHash sha256, byte[] bytes) {
                    long t0 = System.nanoTime();
                    try {
                        return s3.putIfAbsent(key, sha256, bytes);
                    } finally {
                        snapshotNanos += System.nanoTime() - t0;
                    }
                }

                @Override
                public byte[] read(String key, long maxBytes) {
                    return s3.read(key, maxBytes);
                }
            };
            registry = new VersionRegistry(timed, new DynamoVersionCatalog(counted, LocalStorage.TABLE),
                    DefinitionFormats.standard(), Clock.systemUTC());
        }

        /** What one publish asked of DynamoDB, and how long its DynamoDB and S3 calls took. */
        Sample publish(com.sun.management.ThreadMXBean threads, PublishRequest request) {
            requests.clear();
            dynamoNanos = 0;
            snapshotNanos = 0;
            Sample sample = measure(threads, () -> registry.publish(request));
            return new Sample(sample.millis(), sample.cpuMillis(), sample.allocated(), sample.otherThreads(),
                    dynamoNanos / 1e6, snapshotNanos / 1e6, requests.toString());
        }
    }

    private static byte[] withSerial(byte[] template, int at, int serial) {
        byte[] copy = template.clone();
        byte[] digits = String.format("%0" + SERIAL_DIGITS + "d", serial).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, copy, at, digits.length);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("the generated document lost its serial mark");
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    private static double median(double[] sorted) {
        return pct(sorted, 50);
    }

    private static long medianLong(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Nearest-rank percentile of sorted values. */
    private static double pct(double[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private record Sample(double millis, double cpuMillis, long allocated, long otherThreads, double dynamoMillis,
                          double snapshotMillis, String requests) {
    }
}
