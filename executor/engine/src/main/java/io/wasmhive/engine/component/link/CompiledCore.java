package io.wasmhive.engine.component.link;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.function.Function;

/**
 * One of a component's core modules, metered and compiled once for every request, with the
 * factory of its memories (copy-on-write over its prepared image).
 */
public record CompiledCore(WasmModule module, Function<Instance, Machine> machineFactory, int fuelDefinedGlobal,
        Function<MemoryLimits, Memory> memories) {}
