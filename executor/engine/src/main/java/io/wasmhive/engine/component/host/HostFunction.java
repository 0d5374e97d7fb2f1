package io.wasmhive.engine.component.host;

/** A WASI function, written once and bound to each request's session. */
@FunctionalInterface
interface HostFunction {
    Object call(WasiSession session, Object[] args);
}
