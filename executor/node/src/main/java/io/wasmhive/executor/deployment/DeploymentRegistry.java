package io.wasmhive.executor.deployment;

import io.wasmhive.executor.config.ExecutorProperties;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which version of a function is active, as last read from Postgres. Entries, found or not, are
 * trusted for {@code refreshInterval}; after that the next request triggers one background
 * re-read and is answered from what is known meanwhile. However many requests arrive, a key is
 * read by one lookup at a time, and when Postgres is away the last known deployment keeps serving.
 */
@Component
public class DeploymentRegistry {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRegistry.class);
    /** Bounds the memory a flood of requests for random names can take. */
    private static final int MAX_ENTRIES = 10_000;

    private static final class Entry {
        final CompletableFuture<Optional<ActiveFunction>> function;
        final Instant readAt;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(CompletableFuture<Optional<ActiveFunction>> function, Instant readAt) {
            this.function = function;
            this.readAt = readAt;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final DeploymentLookup lookup;
    private final ExecutorProperties properties;
    private final Executor lookups = Executors.newVirtualThreadPerTaskExecutor();

    DeploymentRegistry(DeploymentLookup lookup, ExecutorProperties properties) {
        this.lookup = lookup;
        this.properties = properties;
    }

    /**
     * The active deployment, or empty when there is none.
     *
     * @throws StorageUnavailableException when it was never read and Postgres cannot be asked
     */
    public Optional<ActiveFunction> find(String tenant, String function) {
        String key = tenant + "/" + function;
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry entry = entries.computeIfAbsent(key, k -> new Entry(read(tenant, function), Instant.now()));
        if (isStale(entry) && entry.function.isDone() && entry.refreshing.compareAndSet(false, true)) {
            refresh(key, entry, tenant, function);
        }
        try {
            return entry.function.join();
        } catch (CompletionException failed) {
            entries.remove(key, entry); // never read: the next request asks again
            throw new StorageUnavailableException(failed.getCause());
        }
    }

    private boolean isStale(Entry entry) {
        return entry.readAt.plus(properties.refreshInterval()).isBefore(Instant.now());
    }

    private void refresh(String key, Entry stale, String tenant, String function) {
        read(tenant, function).whenComplete((fresh, failure) -> {
            if (failure == null) {
                entries.replace(key, stale, new Entry(CompletableFuture.completedFuture(fresh), Instant.now()));
            } else {
                log.warn("Could not refresh {} from Postgres; serving what is known: {}", key, failure.getMessage());
                stale.refreshing.set(false);
            }
        });
    }

    private CompletableFuture<Optional<ActiveFunction>> read(String tenant, String function) {
        return CompletableFuture.supplyAsync(() -> lookup.find(tenant, function), lookups);
    }

    /** Postgres could not be asked about a function this node has never seen. */
    public static final class StorageUnavailableException extends RuntimeException {
        StorageUnavailableException(Throwable cause) {
            super("the platform's database cannot be reached and this node does not know the function yet; retry shortly",
                    cause);
        }
    }
}
