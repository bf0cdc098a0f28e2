package dev.flowback.bench;

import dev.flowback.function.snapshot.SnapshotHandler;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a fresh JVM, as a Lambda container would: builds the snapshot handler the way Lambda does (its
 * no-argument constructor, production wiring from environment variables) and invokes it twice. Prints one line,
 * {@code RESULT <jvm-to-main> <init> <first> <second>} in milliseconds, for {@link ColdStartBench} to collect.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        long mainAt = System.currentTimeMillis();
        long jvmToMain = mainAt - ManagementFactory.getRuntimeMXBean().getStartTime();
        byte[] payload = args[0].getBytes(StandardCharsets.UTF_8);

        long t0 = System.nanoTime();
        SnapshotHandler handler = new SnapshotHandler();
        long t1 = System.nanoTime();
        handler.invoke(payload);
        long t2 = System.nanoTime();
        handler.invoke(payload);
        long t3 = System.nanoTime();
        System.out.printf("RESULT %d %.1f %.1f %.1f%n", jvmToMain, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
}
