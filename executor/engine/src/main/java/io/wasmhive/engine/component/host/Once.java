package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.Case;
import java.util.function.Supplier;

/** A child a guest may take only once from its parent (a body, a stream); asking again is an error. */
final class Once {

    private boolean taken;

    /** {@code ok(child)} the first time, {@code error} after. */
    Case take(Supplier<Object> child) {
        if (taken) {
            return Case.error(null);
        }
        taken = true;
        return Case.ok(child.get());
    }
}
