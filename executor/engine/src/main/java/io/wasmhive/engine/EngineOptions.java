package io.wasmhive.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the engine schedules guests.
 *
 * @param workerThreads  threads that run guest code; bounds how many guests run at once.
 *                       Default: twice the number of processors.
 * @param queueCapacity  requests that may wait for a worker before new ones are refused with
 *                       {@link EngineOverloadedException}. Default 256.
 * @param workerStackBytes stack size of a worker thread, which bounds guest recursion depth;
 *                       deeper recursion traps. Default 4 MiB.
 * @param compiledCacheDir where compiled modules are kept across restarts; empty to compile in
 *                       memory only. Default: none.
 * @param compiledCacheMaxBytes how much compiled code the cache keeps, least recently used going
 *                       first. Default 2 GiB.
 */
public record EngineOptions(int workerThreads, int queueCapacity, long workerStackBytes,
        Optional<Path> compiledCacheDir, long compiledCacheMaxBytes) {

    public static final EngineOptions DEFAULTS = new EngineOptions(2 * Runtime.getRuntime().availableProcessors(), 256,
            4L << 20, Optional.empty(), 2L << 30);

    public EngineOptions withCompiledCacheDir(Path directory) {
        return new EngineOptions(workerThreads, queueCapacity, workerStackBytes, Optional.of(directory),
                compiledCacheMaxBytes);
    }

    public EngineOptions {
        if (workerThreads < 1 || queueCapacity < 0 || workerStackBytes < 64 << 10) {
            throw new IllegalArgumentException("invalid engine options");
        }
    }
}
