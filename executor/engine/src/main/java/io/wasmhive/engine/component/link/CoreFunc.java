package io.wasmhive.engine.component.link;

import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;

/** A core function: exported by a core instance or made by a canonical built-in. */
record CoreFunc(FunctionType type, WasmFunctionHandle handle) {}
