package io.wasmhive.engine.component.abi;

/** A host function as the component model sees it: lifted arguments in, one value (or null) out. */
@FunctionalInterface
public interface HostCall {
    Object call(Object[] args);
}
