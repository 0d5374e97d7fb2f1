package io.wasmhive.engine;

/**
 * Every guest worker is busy and the admission queue, or the tenant's share of it, is full (or the
 * engine is closed); the request was not started.
 */
public final class EngineOverloadedException extends EngineException {

    public EngineOverloadedException(String reason) {
        super(reason);
    }
}
