package io.wasmhive.engine;

import java.util.Map;

/**
 * Runs one loaded function for one request in a fresh sandboxed instance. There is one
 * implementation per guest ABI; {@link Engine#load} picks it from the module's shape.
 */
public interface GuestExecutor {

    Abi abi();

    /** Runs the request and returns the whole response. */
    default GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits) {
        return handle(request, env, limits, ResponseStream.BUFFERED);
    }

    /**
     * Runs the request on the calling thread. Interrupting the thread stops the guest. An ABI that
     * can stream sends the head and body to {@code stream} as the guest produces them; the returned
     * response then carries only what was not streamed (the trailers).
     *
     * @param env the function's configured environment; nothing of the host's is added
     */
    GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits, ResponseStream stream);
}
