package io.wasmhive.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmhive.engine.fuel.FuelGauge;
import io.wasmhive.engine.fuel.FuelInstrumenter;
import io.wasmhive.engine.internal.MemoryImage;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * What fuel metering costs: the same CPU-bound WASI program, compiled by Chicory, run once per
 * invocation in a fresh instance, with and without the meter. Both sides use the same harness, so
 * the difference is the metering alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(1)
public class FuelOverheadBenchmark {

    @Param({"crunch-c/crunch.wasm?n=200000", "hello-rust/hello.wasm?n=30000"})
    public String program;

    @Param({"unmetered", "metered"})
    public String mode;

    private WasmModule module;
    private Function<Instance, Machine> machine;
    private String query;
    /**
     * The linear memory: the engine's copy-on-write pages ({@code paged}, what requests use),
     * Chicory's default {@code bytebuffer} (a heap ByteBuffer per page) or its flat {@code bytearray}.
     */
    @Param({"paged", "bytebuffer", "bytearray"})
    public String memory;

    private int fuelGlobal = -1;
    private Function<MemoryLimits, Memory> memoryFactory;

    @Setup
    public void compile() {
        String[] parts = program.split("\\?", 2);
        byte[] bytes = Guests.bytes(parts[0]);
        query = parts[1];
        if (mode.equals("metered")) {
            var metered = FuelInstrumenter.instrument(bytes);
            bytes = metered.bytes();
            fuelGlobal = metered.fuelGlobal();
        }
        module = Parser.parse(bytes);
        machine = MachineFactoryCompiler.compile(module);
        memoryFactory = switch (memory) {
            case "paged" -> MemoryImage.memoriesFor(module);
            case "bytebuffer" -> ByteBufferMemory::new;
            case "bytearray" -> ByteArrayMemory::new;
            default -> throw new IllegalArgumentException("memory: paged, bytebuffer or bytearray, not " + memory);
        };
    }

    @Benchmark
    public int run() {
        return invoke(new ByteArrayOutputStream()).size();
    }

    /** One invocation in a fresh instance; returns the guest's standard output. */
    ByteArrayOutputStream invoke(ByteArrayOutputStream stdout) {
        var options = WasiOptions.builder().withStdout(stdout).withEnvironment("QUERY_STRING", query).build();
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            var builder = Instance.builder(module).withMachineFactory(machine).withMemoryFactory(memoryFactory)
                    .withStart(false);
            var hostFunctions = wasi.toHostFunctions();
            if (fuelGlobal >= 0) {
                var gauge = new FuelGauge(Long.MAX_VALUE / 2);
                builder.withGlobalFactory(gauge.globals(fuelGlobal));
                hostFunctions = gauge.metered(hostFunctions);
            }
            var instance = builder.withImportValues(ImportValues.builder().addFunction(hostFunctions).build()).build();
            try {
                instance.export("_start").apply();
            } catch (WasiExitException exit) {
                // exit(0)
            }
        }
        return stdout;
    }
}
