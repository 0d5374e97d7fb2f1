package io.wasmhive.bench;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.component.WasiHttpExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What fuel metering costs a JavaScript engine: one request through the componentize-js component
 * (SpiderMonkey running the handler), with and without the meter on its core modules. {@code
 * /echo} is mostly the engine's own work per request; {@code /large/1} also runs a JavaScript loop
 * of 65,599 iterations (it fills a 64 KiB block before writing the body's one byte).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class ComponentFuelOverheadBenchmark {

    @Param({"unmetered", "metered"})
    public String mode;

    @Param({"/echo", "/large/1"})
    public String path;

    private static final ExecutionLimits LIMITS = ExecutionLimits.DEFAULTS.withFuel(Long.MAX_VALUE / 2)
            .withTimeout(Duration.ofMinutes(5));

    private WasiHttpExecutor executor;
    private GuestRequest request;

    @Setup
    public void load() {
        byte[] bytes = Guests.bytes("components/js-echo/app.wasm");
        executor = mode.equals("metered") ? WasiHttpExecutor.compile(bytes, null) : WasiHttpExecutor.compileUnmetered(bytes);
        request = new GuestRequest("POST", path, "", List.of(), RequestBody.of("ping".getBytes()), "/fn/acme/js", "localhost", 8081,
                "127.0.0.1", "HTTP/1.1");
    }

    @Benchmark
    public int echo() {
        return executor.handle(request, Map.of(), LIMITS).body().length;
    }
}
