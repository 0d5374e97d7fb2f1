package io.wasmhive.executor.deployment;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wasmhive.engine.Engine;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.engine.cache.CompiledCodeCache;
import io.wasmhive.engine.cache.DiskLru;
import io.wasmhive.executor.config.ExecutorProperties;
import io.wasmhive.storage.module.ModuleRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compiled modules by SHA-256. In memory only the most recently used ones are kept
 * ({@code maxLoadedModules}); a module not held is loaded on its first request, from the local
 * disk cache when it is there (bytes and compiled code, both bounded), else from Postgres.
 * Concurrent requests for one module wait for a single load.
 */
@Component
public class ModuleCache {

    private static final Logger log = LoggerFactory.getLogger(ModuleCache.class);

    private final LinkedHashMap<String, CompletableFuture<GuestExecutor>> loaded;
    private final ModuleRepository modules;
    private final DiskLru moduleFiles;
    private final Engine engine;
    private final Timer compileTime;

    ModuleCache(ModuleRepository modules, Engine engine, ExecutorProperties properties, MeterRegistry registry) {
        this.modules = modules;
        this.engine = engine;
        this.moduleFiles = new DiskLru(properties.cacheDir().resolve("modules"), properties.cacheMaxBytes());
        int capacity = properties.maxLoadedModules();
        this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<GuestExecutor>> eldest) {
                return size() > capacity;
            }
        };
        this.compileTime = Timer.builder("wasmhive.compile.duration")
                .description("Loading, validating, metering and compiling a module (or reading it from the cache)")
                .register(registry);
        engine.compiledCache().ifPresent(cache -> {
            FunctionCounter.builder("wasmhive.compiled.cache.hits", cache, CompiledCodeCache::hits)
                    .description("Modules whose compiled code was read from disk").register(registry);
            FunctionCounter.builder("wasmhive.compiled.cache.misses", cache, CompiledCodeCache::misses)
                    .description("Modules that had to be compiled").register(registry);
        });
        Gauge.builder("wasmhive.modules.loaded", this, ModuleCache::loaded)
                .description("Compiled modules held in memory").register(registry);
    }

    /** Modules compiled and held in memory. */
    public synchronized int loaded() {
        return loaded.size();
    }

    public GuestExecutor executorFor(ActiveFunction function) {
        CompletableFuture<GuestExecutor> load;
        boolean mine = false;
        synchronized (this) {
            load = loaded.get(function.sha256());
            if (load == null) {
                load = new CompletableFuture<>();
                loaded.put(function.sha256(), load);
                mine = true;
            }
        }
        if (mine) {
            try {
                load.complete(load(function));
            } catch (Throwable failure) { // errors too: a load left unfinished would hang every later request
                synchronized (this) {
                    loaded.remove(function.sha256(), load);
                }
                load.completeExceptionally(failure);
            }
        }
        try {
            return load.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private GuestExecutor load(ActiveFunction function) {
        long started = System.nanoTime();
        byte[] bytes = bytesOf(function);
        GuestExecutor executor = engine.load(bytes);
        long elapsed = System.nanoTime() - started;
        compileTime.record(elapsed, TimeUnit.NANOSECONDS);
        log.info("Loaded module {} ({} bytes) for {}/{} in {} ms", function.sha256(), bytes.length, function.tenant(),
                function.name(), elapsed / 1_000_000);
        return executor;
    }

    /** The module's bytes from the local disk, else from Postgres (and then kept on disk). */
    private byte[] bytesOf(ActiveFunction function) {
        String file = function.sha256() + ".wasm";
        try {
            byte[] local = moduleFiles.get(file);
            if (local != null) {
                return local;
            }
            byte[] bytes = modules.findBytes(function.sha256()).orElseThrow(() -> new IllegalStateException(
                    "module " + function.sha256() + " of " + function.tenant() + "/" + function.name() + " is missing"));
            moduleFiles.putIfAbsent(file, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("the local module cache failed", e);
        }
    }
}
