package io.wasmhive.engine.component.abi;

/** The core value types the canonical ABI flattens component values into. */
public enum CoreType {
    I32, I64, F32, F64;

    /** The type both of two payload slots fit in, when variant cases share a flat position. */
    static CoreType join(CoreType a, CoreType b) {
        if (a == b) {
            return a;
        }
        if ((a == I32 && b == F32) || (a == F32 && b == I32)) {
            return I32;
        }
        return I64;
    }
}
