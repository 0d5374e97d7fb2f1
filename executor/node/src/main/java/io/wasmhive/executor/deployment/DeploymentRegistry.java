package io.wasmhive.executor.deployment;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.executor.config.ExecutorProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Which version of a function is active, as last read from Postgres. A change announced by
 * platform-api ({@link ChangeListener}) is re-read at once, and a function this node has not served
 * yet is compiled ahead of its first request; besides, entries, found or not, are
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
    private final CircuitBreaker storage;
    private final Retry retry;

    DeploymentRegistry(DeploymentLookup lookup, ExecutorProperties properties, ModuleCache modules, MeterRegistry meters) {
        this.lookup = lookup;
        this.properties = properties;
        this.modules = modules;
        // While Postgres is away, fail lookups at once instead of each waiting for a connection.
        var breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .recordException(DeploymentRegistry::isStorageFailure).build());
        this.storage = breakers.circuitBreaker("storage");
        var retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(100))
                .retryOnException(DeploymentRegistry::isStorageFailure).build());
        this.retry = retries.retry("storage");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    private static boolean isStorageFailure(Throwable failure) {
        return failure instanceof DataAccessException || failure instanceof TransactionException;
    }

    /**
     * A function ({@code tenant/function}) or a whole tenant ({@code tenant/*}) changed: re-read
     * what this node knows of it now instead of at the next refresh.
     */
    public void changed(String what) {
        String prefix = what.endsWith("/*") ? what.substring(0, what.length() - 1) : null;
        if (prefix == null && !entries.containsKey(what)) {
            prepareAhead(what);
            return;
        }
        entries.forEach((key, entry) -> {
            if (prefix != null ? key.startsWith(prefix) : key.equals(what)) {
                entry.changedMeanwhile.set(true);
                startRefresh(key, entry);
            }
        });
    }

    /**
     * A function this node has not served yet was deployed: compile it now, so that its first
     * request here finds the module ready (or waits for the compile under way, never starting
     * another). What is active is not remembered from this read: the first request reads it
     * afresh, so a configuration change made right after the deploy is never missed.
     */
    private void prepareAhead(String key) {
        read(key).thenAccept(this::compiled);
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
            // Names that exist nowhere go first; known deployments stay, to be served when Postgres is away.
            entries.values().removeIf(entry -> entry.function.isDone()
                    && (entry.function.isCompletedExceptionally() || entry.function.join().isEmpty()));
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
        return entry.changedMeanwhile.get() || entry.readAt.plus(properties.refreshInterval()).isBefore(Instant.now());
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
                stale.changedMeanwhile.set(true); // still to be read: the next request tries again
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
        Supplier<Optional<ActiveFunction>> find = () -> lookup.find(key.substring(0, slash), key.substring(slash + 1));
        return CompletableFuture.supplyAsync(CircuitBreaker.decorateSupplier(storage, Retry.decorateSupplier(retry, find)),
                lookups);
    }

    /** Postgres could not be asked about a function this node has never seen. */
    public static final class StorageUnavailableException extends RuntimeException {
        StorageUnavailableException(Throwable cause) {
            super("the platform's database cannot be reached and this node does not know the function yet; retry shortly",
                    cause);
        }
    }
}
