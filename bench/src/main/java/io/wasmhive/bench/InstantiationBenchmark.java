package io.wasmhive.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmhive.engine.fuel.FuelGauge;
import io.wasmhive.engine.fuel.FuelInstrumenter;
import io.wasmhive.engine.internal.MemoryImage;
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
 * Creating a fresh instance of a compiled, metered module with its WASI imports, as every request
 * does before the guest runs: memory, data segments, globals, tables, host functions. Side by side:
 * Chicory's own memory, zeroed and filled from the data segments every time, and the engine's
 * copy-on-write pages over a prepared image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InstantiationBenchmark {

    @Param({"hello-c/hello.wasm", "hello-rust/hello.wasm", "crunch-c/crunch.wasm"})
    public String guest;

    @Param({"chicory", "image"})
    public String memory;

    private WasmModule module;
    private Function<Instance, Machine> machine;
    private int fuelGlobal;
    private Function<MemoryLimits, Memory> memories;

    @Setup
    public void compile() {
        var metered = FuelInstrumenter.instrument(Guests.bytes(guest));
        module = Parser.parse(metered.bytes());
        machine = MachineFactoryCompiler.compile(module);
        fuelGlobal = metered.fuelGlobal();
        memories = memory.equals("image") ? MemoryImage.memoriesFor(module) : ByteBufferMemory::new;
    }

    @Benchmark
    public Instance instantiate() {
        try (var wasi = WasiPreview1.builder().build()) {
            var gauge = new FuelGauge(1_000_000);
            return Instance.builder(module)
                    .withMachineFactory(machine)
                    .withMemoryFactory(memories)
                    .withGlobalFactory(gauge.globals(fuelGlobal))
                    .withImportValues(ImportValues.builder().addFunction(gauge.metered(wasi.toHostFunctions())).build())
                    .withStart(false)
                    .build();
        }
    }
}
