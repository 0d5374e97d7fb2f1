package io.wasmhive.engine;

/**
 * How the engine schedules guests.
 *
 * @param workerThreads  threads that run guest code; bounds how many guests run at once.
 *                       Default: twice the number of processors.
 * @param queueCapacity  requests that may wait for a worker before new ones are refused with
 *                       {@link EngineOverloadedException}. Default 256.
 * @param workerStackBytes stack size of a worker thread, which bounds guest recursion depth;
 *                       deeper recursion traps. Default 4 MiB.
 */
public record EngineOptions(int workerThreads, int queueCapacity, long workerStackBytes) {

    public static final EngineOptions DEFAULTS =
            new EngineOptions(2 * Runtime.getRuntime().availableProcessors(), 256, 4L << 20);

    public EngineOptions {
        if (workerThreads < 1 || queueCapacity < 0 || workerStackBytes < 64 << 10) {
            throw new IllegalArgumentException("invalid engine options");
        }
    }
}
