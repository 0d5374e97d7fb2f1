package io.wasmhive.executor.deployment;

import io.wasmhive.engine.Engine;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.storage.module.ModuleRepository;
import java.util.concurrent.ConcurrentHashMap;
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

    ModuleCache(ModuleRepository modules, Engine engine) {
        this.modules = modules;
        this.engine = engine;
    }

    public GuestExecutor executorFor(ActiveFunction function) {
        return compiled.computeIfAbsent(function.sha256(), sha256 -> {
            byte[] bytes = modules.findBytes(sha256).orElseThrow(() -> new IllegalStateException(
                    "module " + sha256 + " of " + function.tenant() + "/" + function.name() + " is missing"));
            long started = System.nanoTime();
            GuestExecutor executor = engine.load(bytes);
            log.info("Compiled module {} ({} bytes) for {}/{} in {} ms", sha256, bytes.length, function.tenant(),
                    function.name(), (System.nanoTime() - started) / 1_000_000);
            return executor;
        });
    }
}
