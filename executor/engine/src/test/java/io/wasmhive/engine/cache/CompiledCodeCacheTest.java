package io.wasmhive.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmhive.engine.Engine;
import io.wasmhive.engine.EngineOptions;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.Guests;
import io.wasmhive.engine.RequestBody;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledCodeCacheTest {

    @TempDir Path cacheDir;

    @Test
    void aRestartedEngineLoadsCompiledCodeFromDiskInsteadOfCompiling() throws Exception {
        var options = EngineOptions.DEFAULTS.withCompiledCacheDir(cacheDir);
        byte[] module = Guests.bytes("crunch-c/crunch.wasm");
        try (var first = new Engine(options)) {
            first.load(module);
            var cache = first.compiledCache().orElseThrow();
            assertThat(cache.misses()).isEqualTo(1);
            assertThat(cache.hits()).isZero();
            try (var entries = Files.list(cache.directory())) {
                assertThat(entries.filter(p -> p.toString().endsWith(".jar")).count()).isEqualTo(1);
            }
        }

        try (var restarted = new Engine(options)) {
            var executor = restarted.load(module);
            var cache = restarted.compiledCache().orElseThrow();
            assertThat(cache.hits()).isEqualTo(1);
            assertThat(cache.misses()).isZero();

            var request = new GuestRequest("GET", "/", "n=100", List.of(), RequestBody.EMPTY, "/fn/t/f", "localhost", 80,
                    "127.0.0.1", "HTTP/1.1");
            var response = restarted.invoke("acme", executor, request, Map.of(), ExecutionLimits.DEFAULTS);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("primes up to 100: 25,");
        }
    }

    @Test
    void entriesAreVersionedByChicoryEngineAndMeter() {
        var cache = new CompiledCodeCache(cacheDir, 1 << 20);

        assertThat(cache.directory().getFileName().toString()).matches("chicory-1\\.7\\.5_engine-.+_fuel-\\d+");
    }
}
