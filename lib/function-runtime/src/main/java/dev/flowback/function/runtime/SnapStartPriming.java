package dev.flowback.function.runtime;

import dev.flowback.aws.AwsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's SnapStart priming: the CRaC hook Lambda runs before it takes a version's snapshot. It builds a second,
 * throwaway copy of the handler over {@link AwsSettings#offline} settings (same region and endpoints; a fixed dummy
 * key; an HTTP client that answers in-process and never opens a socket) and hands it the function's real-shaped
 * events a few times: the JSON mapping, the use case's checks and the SDK's request marshalling, signing and response
 * parsing all run, so the snapshot holds their classes loaded, initialized and C1-compiled.
 *
 * <p>Why it is safe: the real handler is never called and its clients never used before the snapshot, so no
 * connection is open in it and no credential resolved (the runtime's providers read theirs on first use, after
 * restore); the throwaway copy, its clients and its answers are garbage once priming returns; the offline client sends
 * no Date header, so the SDK's global clock-skew offset stays untouched; no clock value is kept (the handlers read the
 * clock per call). A priming failure is logged and ignored: priming only buys speed, never correctness.
 *
 * <p>{@link #afterRestore} therefore has nothing to re-create; it is where a future handler that opens something at
 * construction would have to close or rebuild it.
 *
 * <p>CRaC's global context holds resources weakly: the handler keeps its priming in a field. On a JVM without CRaC
 * (JDK 17 here, a plain Lambda start) registering does nothing, and {@link #prime} is called directly by tests and the
 * cold-start benchmark's training runs.
 */
public final class SnapStartPriming implements Resource {
    /** Each event this many times: enough for the C1 compiler (the template's tier) to take the hot paths. */
    static final int ROUNDS = 3;

    private final String function;
    private final AwsSettings settings;
    private final Function<AwsSettings, Consumer<byte[]>> build;
    private final List<byte[]> events;
    private final StepLog log;
    private final AtomicInteger primings = new AtomicInteger();

    /**
     * @param settings the function's real settings; priming runs on their {@link AwsSettings#offline} copy
     * @param build    builds the throwaway handler over the offline settings and returns how to hand it one event
     */
    public SnapStartPriming(String function, AwsSettings settings, Function<AwsSettings, Consumer<byte[]>> build,
                            List<byte[]> events, StepLog log) {
        this.function = function;
        this.settings = settings;
        this.build = build;
        this.events = List.copyOf(events);
        this.log = log;
    }

    /** Registers with CRaC's global context; the caller keeps the returned priming (the context holds it weakly). */
    public SnapStartPriming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to re-create: priming kept nothing, and the real handler opened nothing before the snapshot.
    }

    /** Runs the priming; each event's failure (expected: the offline answers are empty) is ignored. */
    public void prime() {
        long started = System.nanoTime();
        int answered = 0;
        try {
            Consumer<byte[]> handler = build.apply(settings.offline());
            for (int round = 0; round < ROUNDS; round++) {
                for (byte[] event : events) {
                    try {
                        handler.accept(event);
                        answered++;
                    } catch (RuntimeException expected) {
                        // An empty offline answer ends most paths in a not-found or a parse error; the code ran.
                    }
                }
            }
        } catch (RuntimeException e) {
            log.write("WARN", function, null, "priming failed", Map.of("error", e.getClass().getName(),
                    "cause", String.valueOf(e.getMessage())));
        }
        primings.incrementAndGet();
        log.write("INFO", function, null, "primed", Map.of("events", events.size(), "rounds", ROUNDS,
                "answered", answered, "duration_ms", (System.nanoTime() - started) / 1_000_000));
    }

    /** How many times this priming has run. */
    public int primings() {
        return primings.get();
    }

    /**
     * A priming event: {@code /flowback/priming/<name>.json} on {@code owner}'s class path (the function's jar
     * carries copies of its events/ shapes there).
     */
    public static byte[] event(Class<?> owner, String name) {
        String path = "/flowback/priming/" + name + ".json";
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the priming event " + path + " is not on " + owner.getName()
                        + "'s class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
