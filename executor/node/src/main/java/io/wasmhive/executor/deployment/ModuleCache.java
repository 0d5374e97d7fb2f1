package io.wasmhive.executor.deployment;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wasmhive.engine.Engine;
import io.wasmhive.engine.cache.CompiledCodeCache;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.storage.module.ModuleRepository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compiled modules by SHA-256. A module is loaded from Postgres and compiled once, on first need;
 * concurrent requests for the same module wait for that one compilation.
 */
@Component
public class ModuleCache {

    private static final Logger log = LoggerFactory.getLogger(ModuleCache.class);

    private final ConcurrentHashMap<String, GuestExecutor> compiled = new ConcurrentHashMap<>();
    private final ModuleRepository modules;
    private final Engine engine;
    private final Timer compileTime;

    ModuleCache(ModuleRepository modules, Engine engine, MeterRegistry registry) {
        this.modules = modules;
        this.engine = engine;
        this.compileTime = Timer.builder("wasmhive.compile.duration")
                .description("Loading, validating, metering and compiling a module (or reading it from the cache)")
                .register(registry);
        engine.compiledCache().ifPresent(cache -> {
            FunctionCounter.builder("wasmhive.compiled.cache.hits", cache, CompiledCodeCache::hits)
                    .description("Modules whose compiled code was read from disk").register(registry);
            FunctionCounter.builder("wasmhive.compiled.cache.misses", cache, CompiledCodeCache::misses)
                    .description("Modules that had to be compiled").register(registry);
        });
        Gauge.builder("wasmhive.modules.loaded", compiled, Map::size)
                .description("Compiled modules held in memory").register(registry);
    }

    /** Modules compiled and held in memory. */
    public int loaded() {
        return compiled.size();
    }

    public GuestExecutor executorFor(ActiveFunction function) {
        return compiled.computeIfAbsent(function.sha256(), sha256 -> {
            byte[] bytes = modules.findBytes(sha256).orElseThrow(() -> new IllegalStateException(
                    "module " + sha256 + " of " + function.tenant() + "/" + function.name() + " is missing"));
            long started = System.nanoTime();
            GuestExecutor executor = engine.load(bytes);
            long elapsed = System.nanoTime() - started;
            compileTime.record(elapsed, TimeUnit.NANOSECONDS);
            log.info("Loaded module {} ({} bytes) for {}/{} in {} ms", sha256, bytes.length, function.tenant(),
                    function.name(), elapsed / 1_000_000);
            return executor;
        });
    }
}
