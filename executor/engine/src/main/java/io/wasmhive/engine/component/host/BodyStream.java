package io.wasmhive.engine.component.host;

import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.component.abi.Case;
import java.util.function.Function;

/**
 * The stream of a body (incoming or outgoing), taken once. The WIT makes it the body's child:
 * finishing or dropping the body while the stream is alive traps, so no stream outlives its body
 * and nothing is read from or written to a body that has ended.
 */
final class BodyStream {

    private final Once once = new Once();
    private final String name;
    private boolean alive;

    /** @param name the stream's WIT resource, for the trap's message */
    BodyStream(String name) {
        this.name = name;
    }

    /** {@code ok(stream)} the first time, {@code error} after; the stream runs the given callback when dropped. */
    Case take(Function<Runnable, Object> stream) {
        return once.take(() -> {
            alive = true;
            return stream.apply(() -> alive = false);
        });
    }

    /** Traps while the stream is alive; {@code ending} says what the guest did to the body. */
    void requireDropped(String ending) {
        if (alive) {
            throw new TrapException(ending + " while its " + name + " is alive: the stream must be dropped first");
        }
    }
}
