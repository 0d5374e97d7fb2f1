package io.wasmhive.engine;

import java.util.Map;

/**
 * Runs one loaded function for one request in a fresh sandboxed instance. There is one
 * implementation per guest ABI; {@link Engine#load} picks it from the module's shape.
 */
public interface GuestExecutor {

    Abi abi();

    /**
     * Runs the request on the calling thread. Interrupting the thread stops the guest.
     *
     * @param env the function's configured environment; nothing of the host's is added
     */
    GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits);
}
