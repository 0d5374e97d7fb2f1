package io.wasmhive.engine.component.link;

import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;

/**
 * The canonical ABI's {@code may_leave} flag of one component instance: clear while the host runs
 * the instance's realloc or post-return, which run in the middle of a call the host is making and
 * so may call neither imports nor the resource built-ins.
 */
final class MayLeave {

    private boolean allowed = true;

    /** Traps when the instance calls {@code function} (an import or a built-in) from its realloc or post-return. */
    void require(String function) {
        if (!allowed) {
            throw new TrapException("the component called " + function
                    + " from its realloc or post-return, which the canonical ABI forbids");
        }
    }

    /** The instance's realloc or post-return: no imports while it runs. */
    WasmFunctionHandle barring(WasmFunctionHandle guest) {
        return (instance, args) -> {
            allowed = false;
            try {
                return guest.apply(instance, args);
            } finally {
                allowed = true;
            }
        };
    }
}
