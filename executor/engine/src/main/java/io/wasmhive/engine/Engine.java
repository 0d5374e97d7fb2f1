package io.wasmhive.engine;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import io.wasmhive.engine.cache.CompiledCodeCache;
import io.wasmhive.engine.component.WasiHttpExecutor;
import io.wasmhive.engine.internal.FairScheduler;
import io.wasmhive.engine.wagi.WagiExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sandbox's front door: loads modules into {@link GuestExecutor}s and runs requests on a
 * bounded pool of guest workers, each under its wall-clock timeout. Requests that wait for a
 * worker are admitted fairly: each tenant has its own bounded queue and free workers serve the
 * tenants with waiting requests in turn, so one tenant's flood neither fills the queue nor delays
 * another tenant's request by more than one request of each waiting tenant.
 */
public final class Engine implements AutoCloseable {

    /** How long a guest worker without work is kept. */
    private static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(30);

    private final FairScheduler workers;
    private final CompiledCodeCache compiledCache;

    public Engine(EngineOptions options) {
        this.compiledCache = options.compiledCacheDir()
                .map(directory -> new CompiledCodeCache(directory, options.compiledCacheMaxBytes())).orElse(null);
        this.workers = new FairScheduler(options.workerThreads(), options.queueCapacity(),
                options.tenantQueueCapacity(), WORKER_KEEP_ALIVE, (body, number) -> {
                    var thread = new Thread(null, body, "guest-" + number, options.workerStackBytes());
                    thread.setDaemon(true);
                    return thread;
                });
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
     * Runs one request of the tenant in a fresh instance on a guest worker and waits for its
     * answer, at most for the limit's timeout (time spent waiting for a worker included); past it
     * the guest is interrupted, or never started if it still waits.
     *
     * @param tenant whose request this is: the key of fair admission, any non-null string
     * @throws EngineOverloadedException when every worker is busy and the queue, or the tenant's
     *                                   share of it, is full
     */
    public GuestResponse invoke(String tenant, GuestExecutor executor, GuestRequest request, Map<String, String> env,
            ExecutionLimits limits) {
        return invoke(tenant, executor, request, env, limits, ResponseStream.BUFFERED);
    }

    /** As {@link #invoke(String, GuestExecutor, GuestRequest, Map, ExecutionLimits)}, streaming where the ABI can. */
    public GuestResponse invoke(String tenant, GuestExecutor executor, GuestRequest request, Map<String, String> env,
            ExecutionLimits limits, ResponseStream stream) {
        Objects.requireNonNull(tenant, "tenant");
        Future<GuestResponse> answer;
        try {
            answer = workers.submit(tenant, () -> executor.handle(request, env, limits, stream));
        } catch (RejectedExecutionException full) {
            throw new EngineOverloadedException(full.getMessage());
        }
        try {
            return answer.get(limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (CancellationException closed) {
            throw new EngineOverloadedException("the engine was closed before the request ran");
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
            if (failed.getCause() instanceof ChicoryInterruptedException) {
                // a wait in the host reached the deadline a moment before this thread's get did
                throw new GuestTimeoutException(limits.timeout());
            }
            throw new GuestTrapException("the function failed: " + failed.getCause(), failed.getCause());
        }
    }

    /** Requests waiting for a guest worker, all tenants together. */
    public int queued() {
        return workers.queued();
    }

    /** The tenant's requests waiting for a guest worker. */
    public int queued(String tenant) {
        return workers.queued(tenant);
    }

    /** The on-disk cache of compiled modules, if one is configured. */
    public Optional<CompiledCodeCache> compiledCache() {
        return Optional.ofNullable(compiledCache);
    }

    @Override
    public void close() {
        workers.close();
    }
}
