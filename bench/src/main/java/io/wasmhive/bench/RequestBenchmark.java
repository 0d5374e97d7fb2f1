package io.wasmhive.bench;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.Header;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.component.WasiHttpExecutor;
import io.wasmhive.engine.wagi.WagiExecutor;
import java.nio.charset.StandardCharsets;
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
 * One whole request in the engine, as the executor runs it: a fresh metered instance (of every core
 * module, for a component), the request in and the response out, for WAGI modules and a wasi-http
 * component. Sampled, so the percentiles show what a request costs without HTTP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestBenchmark {

    @Param({"hello-wat/hello.wasm", "hello-c/hello.wasm", "components/hello-wat/hello.wasm"})
    public String guest;

    private GuestExecutor executor;
    private GuestRequest request;

    @Setup
    public void load() {
        executor = guest.startsWith("components/")
                ? WasiHttpExecutor.compile(Guests.bytes(guest), null)
                : WagiExecutor.compile(Guests.bytes(guest), null);
        request = new GuestRequest("POST", "/greet", "a=1", List.of(new Header("X-Greeting", "hi")),
                RequestBody.of("ping".getBytes(StandardCharsets.UTF_8)), "/fn/acme/hello", "localhost", 8081, "127.0.0.1",
                "HTTP/1.1");
    }

    @Benchmark
    public int request() {
        return executor.handle(request, Map.of(), ExecutionLimits.DEFAULTS).body().length;
    }
}
