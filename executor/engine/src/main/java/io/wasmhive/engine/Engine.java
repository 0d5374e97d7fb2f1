package io.wasmhive.engine;

import io.wasmhive.engine.cache.CompiledCodeCache;
import io.wasmhive.engine.component.WasiHttpExecutor;
import io.wasmhive.engine.wagi.WagiExecutor;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's front door: loads modules into {@link GuestExecutor}s and runs requests on a
 * bounded pool of guest workers, each under its wall-clock timeout.
 */
public final class Engine implements AutoCloseable {

    private final EngineOptions options;
    private final ThreadPoolExecutor workers;
    private final CompiledCodeCache compiledCache;

    public Engine(EngineOptions options) {
        this.options = options;
        this.compiledCache = options.compiledCacheDir()
                .map(directory -> new CompiledCodeCache(directory, options.compiledCacheMaxBytes())).orElse(null);
        var threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                options.workerThreads(),
                options.workerThreads(),
                30,
                TimeUnit.SECONDS,
                options.queueCapacity() == 0
                        ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(options.queueCapacity()),
                task -> {
                    var thread = new Thread(null, task, "guest-" + threadNumber.incrementAndGet(),
                            options.workerStackBytes());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** Validates the module, picks the executor for its ABI and compiles it. */
    public GuestExecutor load(byte[] bytes) {
        ModuleInfo info = ModuleInspector.inspect(bytes);
        return switch (info.abi()) {
            case WAGI -> WagiExecutor.compile(bytes, compiledCache);
            case WASI_HTTP -> WasiHttpExecutor.compile(bytes, compiledCache);
        };
    }

    /**
     * Runs one request in a fresh instance on a guest worker and waits for its answer, at most
     * for the limit's timeout; past it the guest is interrupted.
     */
    public GuestResponse invoke(GuestExecutor executor, GuestRequest request, Map<String, String> env,
            ExecutionLimits limits) {
        return invoke(executor, request, env, limits, ResponseStream.BUFFERED);
    }

    /** As {@link #invoke(GuestExecutor, GuestRequest, Map, ExecutionLimits)}, streaming where the ABI can. */
    public GuestResponse invoke(GuestExecutor executor, GuestRequest request, Map<String, String> env,
            ExecutionLimits limits, ResponseStream stream) {
        Future<GuestResponse> answer;
        try {
            answer = workers.submit(() -> executor.handle(request, env, limits, stream));
        } catch (RejectedExecutionException full) {
            throw new EngineOverloadedException(options.queueCapacity());
        }
        try {
            return answer.get(limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            answer.cancel(true);
            throw new GuestTimeoutException(limits.timeout());
        } catch (InterruptedException callerGone) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new GuestTimeoutException(limits.timeout());
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof EngineException known) {
                throw known;
            }
            if (failed.getCause() instanceof ResponseStream.ClientGoneException gone) {
                throw gone;
            }
            throw new GuestTrapException("the function failed: " + failed.getCause(), failed.getCause());
        }
    }

    /** The on-disk cache of compiled modules, if one is configured. */
    public Optional<CompiledCodeCache> compiledCache() {
        return Optional.ofNullable(compiledCache);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
