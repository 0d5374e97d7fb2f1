package io.wasmhive.engine.component.link;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;

/** One of a component's core modules, metered and compiled once for every request. */
public record CompiledCore(WasmModule module, Function<Instance, Machine> machineFactory, int fuelDefinedGlobal) {}
