package dev.flowback.bench;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.SnapshotKeys;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Does a history page cost the same at 100 and at 100,000 versions? Fills two workflows on the local stack
 * (dynalite), then times first pages, deep pages (following cursors) and last-known-good lookups on each.
 * Prints medians and p99s; the claim holds when the figures for both sizes are alike.
 *
 * <p>Arguments: [small] [large] [samples]; defaults 100 100000 300.
 */
public final class HistoryPagingBench {
    private static final int PAGE = 20;

    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        try (LocalStorage stack = LocalStorage.start()) {
            DynamoVersionCatalog catalog = new DynamoVersionCatalog(stack.dynamo(), LocalStorage.TABLE);
            for (int size : new int[] {small, large}) {
                WorkflowId wf = WorkflowId.of("bench-" + size);
                long t0 = System.nanoTime();
                fill(catalog, wf, size);
                System.out.printf("filled %,d versions in %.1f s%n", size, (System.nanoTime() - t0) / 1e9);
            }
            for (int size : new int[] {small, large}) {
                WorkflowId wf = WorkflowId.of("bench-" + size);
                measure(catalog, wf, 50); // warm-up: JIT and connections
                double[] first = measure(catalog, wf, samples);
                double[] deep = measureDeep(catalog, wf, samples);
                double[] good = measureGood(catalog, wf, samples);
                System.out.printf("%,9d versions: first page p50 %.2f ms p99 %.2f ms | 5th page p50 %.2f ms p99 %.2f ms"
                                + " | last-known-good p50 %.2f ms p99 %.2f ms%n", size, pct(first, 50), pct(first, 99),
                        pct(deep, 50), pct(deep, 99), pct(good, 50), pct(good, 99));
            }
        }
    }

    private static void fill(DynamoVersionCatalog catalog, WorkflowId wf, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread + 1; i <= size; i += 8) {
                        catalog.insert(version(wf, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static VersionRecord version(WorkflowId wf, long sequence) {
        ContentHash sha = ContentHash.of((wf + "#" + sequence).getBytes(StandardCharsets.UTF_8));
        // Every 1000th version is GOOD, so last-known-good has to skip far back at the large size.
        VersionStatus status = sequence % 1000 == 1 ? VersionStatus.GOOD : VersionStatus.CANDIDATE;
        return new VersionRecord(wf, VersionId.assigned(sequence), sequence, sha, sha, 1024, SnapshotKeys.forHash(sha),
                "flowback", "bench", Instant.EPOCH.plusSeconds(sequence), "", null, "1.0",
                new EngineRequirement("flowback-engine", "^2.0.0"), status, List.of(), List.of());
    }

    private static double[] measure(DynamoVersionCatalog catalog, WorkflowId wf, int samples) {
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            HistoryPage page = catalog.history(wf, PAGE, null);
            ms[i] = (System.nanoTime() - t) / 1e6;
            check(page.versions().size() == Math.min(PAGE, page.versions().size()));
        }
        return ms;
    }

    private static double[] measureDeep(DynamoVersionCatalog catalog, WorkflowId wf, int samples) {
        String cursor = null;
        for (int p = 0; p < 4; p++) {
            cursor = catalog.history(wf, PAGE, cursor).nextCursor();
        }
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            catalog.history(wf, PAGE, cursor);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double[] measureGood(DynamoVersionCatalog catalog, WorkflowId wf, int samples) {
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            check(catalog.newestGoodBefore(wf, Long.MAX_VALUE).isPresent());
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static void check(boolean condition) {
        if (!condition) {
            throw new IllegalStateException("benchmark sanity check failed");
        }
    }

    private static double pct(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
