package io.wasmhive.engine.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiPreview1;

/** The WASI preview 1 functions Wasmhive provides to guests. */
final class WasiHost {

    private WasiHost() {}

    /** The provided functions, for their names and signatures; not bound to any request. */
    static HostFunction[] signatures() {
        try (var unbound = WasiPreview1.builder().build()) {
            return unbound.toHostFunctions();
        }
    }
}
