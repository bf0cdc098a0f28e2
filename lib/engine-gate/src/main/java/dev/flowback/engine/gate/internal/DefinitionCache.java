package dev.flowback.engine.gate.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Verified definitions by SHA-256, least recently used dropped first. Content under a SHA-256 never changes, so an
 * entry never goes stale and needs no expiry: a switch changes which hash an admission pins, never what a hash
 * holds. Concurrent callers for the same hash wait for one load; other hashes load meanwhile. A failed load is not
 * cached, so the next caller tries again.
 */
final class DefinitionCache<V> {
    private final int capacity;
    private final LinkedHashMap<String, CompletableFuture<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

    DefinitionCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the definition cache holds at least one definition");
        }
        this.capacity = capacity;
    }

    V get(String sha256, Supplier<V> load) {
        CompletableFuture<V> future;
        boolean mine = false;
        synchronized (entries) {
            future = entries.get(sha256);
            if (future == null) {
                future = new CompletableFuture<>();
                entries.put(sha256, future);
                mine = true;
                evictBeyondCapacity();
            }
        }
        if (mine) {
            try {
                future.complete(load.get());
            } catch (RuntimeException | Error e) {
                synchronized (entries) {
                    entries.remove(sha256, future);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<String, CompletableFuture<V>>> eldest = entries.entrySet().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
