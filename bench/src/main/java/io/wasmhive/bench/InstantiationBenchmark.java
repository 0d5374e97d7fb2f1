package io.wasmhive.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.wasmhive.engine.fuel.FuelGauge;
import io.wasmhive.engine.fuel.FuelInstrumenter;
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
 * does before the guest runs: memory, data segments, globals, tables, host functions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InstantiationBenchmark {

    @Param({"hello-c/hello.wasm", "hello-rust/hello.wasm"})
    public String guest;

    private WasmModule module;
    private Function<Instance, Machine> machine;
    private int fuelGlobal;

    @Setup
    public void compile() {
        var metered = FuelInstrumenter.instrument(Guests.bytes(guest));
        module = Parser.parse(metered.bytes());
        machine = MachineFactoryCompiler.compile(module);
        fuelGlobal = metered.fuelGlobal();
    }

    @Benchmark
    public Instance instantiate() {
        try (var wasi = WasiPreview1.builder().build()) {
            var gauge = new FuelGauge(1_000_000);
            return Instance.builder(module)
                    .withMachineFactory(machine)
                    .withGlobalFactory(gauge.globals(fuelGlobal))
                    .withImportValues(ImportValues.builder().addFunction(gauge.metered(wasi.toHostFunctions())).build())
                    .withStart(false)
                    .build();
        }
    }
}
