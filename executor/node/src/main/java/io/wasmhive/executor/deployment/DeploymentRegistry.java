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
 * Which version of a function is active, as last read from Postgres. A change announced by
 * platform-api ({@link ChangeListener}) is re-read at once; besides, entries, found or not, are
 * trusted for {@code refreshInterval}, after which the next request triggers one background
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
        /** A change was announced while a re-read was under way, which may have missed it. */
        final AtomicBoolean changedMeanwhile = new AtomicBoolean();

        Entry(CompletableFuture<Optional<ActiveFunction>> function, Instant readAt) {
            this.function = function;
            this.readAt = readAt;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final DeploymentLookup lookup;
    private final ExecutorProperties properties;
    private final ModuleCache modules;
    private final Executor lookups = Executors.newVirtualThreadPerTaskExecutor();

    DeploymentRegistry(DeploymentLookup lookup, ExecutorProperties properties, ModuleCache modules) {
        this.lookup = lookup;
        this.properties = properties;
        this.modules = modules;
    }

    /**
     * A function ({@code tenant/function}) or a whole tenant ({@code tenant/*}) changed: re-read
     * what this node knows of it now instead of at the next refresh.
     */
    public void changed(String what) {
        String prefix = what.endsWith("/*") ? what.substring(0, what.length() - 1) : null;
        entries.forEach((key, entry) -> {
            if (prefix != null ? key.startsWith(prefix) : key.equals(what)) {
                entry.changedMeanwhile.set(true);
                startRefresh(key, entry);
            }
        });
    }

    /** Everything may have changed (after the change feed was interrupted). */
    public void changedAll() {
        entries.forEach((key, entry) -> {
            entry.changedMeanwhile.set(true);
            startRefresh(key, entry);
        });
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
        Entry entry = entries.computeIfAbsent(key, k -> new Entry(read(key), Instant.now()));
        if (isStale(entry)) {
            startRefresh(key, entry);
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

    /**
     * Re-reads in the background, compiles a new version before it replaces the old one (requests
     * keep being answered by the old version until then), and keeps the old entry if Postgres fails.
     */
    private void startRefresh(String key, Entry stale) {
        if (!stale.function.isDone() || !stale.refreshing.compareAndSet(false, true)) {
            return;
        }
        stale.changedMeanwhile.set(false);
        read(key).thenApply(this::compiled).whenComplete((fresh, failure) -> {
            if (failure == null) {
                var replacement = new Entry(CompletableFuture.completedFuture(fresh), Instant.now());
                if (entries.replace(key, stale, replacement) && stale.changedMeanwhile.get()) {
                    startRefresh(key, replacement);
                }
            } else {
                log.warn("Could not refresh {} from Postgres; serving what is known: {}", key, failure.getMessage());
                stale.refreshing.set(false);
            }
        });
    }

    private Optional<ActiveFunction> compiled(Optional<ActiveFunction> function) {
        function.ifPresent(active -> {
            try {
                modules.executorFor(active);
            } catch (RuntimeException e) {
                log.info("{}/{} v{} cannot be prepared ahead; requests will report why: {}", active.tenant(),
                        active.name(), active.version(), e.getMessage());
            }
        });
        return function;
    }

    private CompletableFuture<Optional<ActiveFunction>> read(String key) {
        int slash = key.indexOf('/');
        return CompletableFuture.supplyAsync(() -> lookup.find(key.substring(0, slash), key.substring(slash + 1)), lookups);
    }

    /** Postgres could not be asked about a function this node has never seen. */
    public static final class StorageUnavailableException extends RuntimeException {
        StorageUnavailableException(Throwable cause) {
            super("the platform's database cannot be reached and this node does not know the function yet; retry shortly",
                    cause);
        }
    }
}
