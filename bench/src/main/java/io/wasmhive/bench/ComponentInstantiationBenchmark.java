package io.wasmhive.bench;

import io.wasmhive.engine.component.WasiHttpExecutor;
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
 * Instantiating a whole component as every request does before its handler runs: each core module
 * (memories from their prepared images, tables, globals), the lowered host functions and the
 * lifted exports. The JS component's engine module starts with a 10 MB memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class ComponentInstantiationBenchmark {

    @Param({"components/hello-wat/hello.wasm", "components/js-echo/app.wasm"})
    public String component;

    private WasiHttpExecutor executor;

    @Setup
    public void load() {
        executor = WasiHttpExecutor.compile(Guests.bytes(component), null);
    }

    @Benchmark
    public void instantiate() {
        executor.instantiateWithoutRequest();
    }
}
