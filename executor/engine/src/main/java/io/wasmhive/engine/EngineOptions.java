package io.wasmhive.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the engine schedules guests.
 *
 * @param workerThreads  threads that run guest code; bounds how many guests run at once.
 *                       Default: twice the number of processors.
 * @param queueCapacity  requests that may wait for a worker, all tenants together, before new ones
 *                       are refused with {@link EngineOverloadedException}. Waiting requests are
 *                       served round-robin across tenants, each tenant's in arrival order.
 *                       Default 256.
 * @param tenantQueueCapacity requests of one tenant that may wait for a worker before that
 *                       tenant's new ones are refused with {@link EngineOverloadedException} while
 *                       other tenants are still admitted; at most {@code queueCapacity}.
 *                       Default 64 ({@link #defaultTenantQueueCapacity a quarter} of the queue).
 * @param workerStackBytes stack size of a worker thread, which bounds guest recursion depth;
 *                       deeper recursion traps. Default 4 MiB.
 * @param compiledCacheDir where compiled modules are kept across restarts; empty to compile in
 *                       memory only. Default: none.
 * @param compiledCacheMaxBytes how much compiled code the cache keeps, least recently used going
 *                       first. Default 2 GiB.
 */
public record EngineOptions(int workerThreads, int queueCapacity, int tenantQueueCapacity, long workerStackBytes,
        Optional<Path> compiledCacheDir, long compiledCacheMaxBytes) {

    public static final EngineOptions DEFAULTS = new EngineOptions(2 * Runtime.getRuntime().availableProcessors(), 256,
            defaultTenantQueueCapacity(256), 4L << 20, Optional.empty(), 2L << 30);

    public EngineOptions withCompiledCacheDir(Path directory) {
        return new EngineOptions(workerThreads, queueCapacity, tenantQueueCapacity, workerStackBytes,
                Optional.of(directory), compiledCacheMaxBytes);
    }

    /** One tenant's default share of a queue: a quarter of it, at least one request if it holds any. */
    public static int defaultTenantQueueCapacity(int queueCapacity) {
        return Math.max(Math.min(1, queueCapacity), queueCapacity / 4);
    }

    public EngineOptions {
        if (workerThreads < 1 || queueCapacity < 0 || tenantQueueCapacity < 0 || tenantQueueCapacity > queueCapacity
                || workerStackBytes < 64 << 10) {
            throw new IllegalArgumentException("invalid engine options");
        }
    }
}
