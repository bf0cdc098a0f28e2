package dev.flowback.emulators;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for something an emulator does asynchronously (an execution to end, a message to arrive): poll with a
 * deadline, never a fixed sleep. One place for the loop the tests and the local stack share.
 */
public final class Polling {
    /** How long between two looks: short against the emulators' own latency, long enough not to spin. */
    public static final Duration INTERVAL = Duration.ofMillis(20);

    private Polling() {
    }

    /**
     * Polls {@code look} until it finds a value and returns it.
     *
     * @throws IllegalStateException when nothing was found within {@code deadline}, naming {@code what}
     */
    public static <T> T await(Supplier<Optional<T>> look, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Optional<T> found = look.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(what + ": not within " + deadline);
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /** Polls until {@code condition} holds. */
    public static void awaitTrue(BooleanSupplier condition, Duration deadline, String what) {
        await(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), deadline, what);
    }
}
