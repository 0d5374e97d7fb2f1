package io.wasmhive.engine.component.link;

import io.wasmhive.engine.component.abi.Calls;
import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.HostCall;

/** A component-level function: one the host provides, or one lifted out of a guest's core code. */
sealed interface ComponentFunc {

    FuncType type();

    record Host(String name, FuncType type, HostCall call) implements ComponentFunc {}

    record Lifted(FuncType type, Calls.Lifted call) implements ComponentFunc {}
}
