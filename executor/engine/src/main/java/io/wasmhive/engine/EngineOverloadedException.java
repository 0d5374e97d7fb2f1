package io.wasmhive.engine;

/** Every guest worker is busy and the admission queue is full; the request was not started. */
public final class EngineOverloadedException extends EngineException {

    public EngineOverloadedException(int queueCapacity) {
        super("all guest workers are busy and " + queueCapacity + " requests are already waiting");
    }
}
