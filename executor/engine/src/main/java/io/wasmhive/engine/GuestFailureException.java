package io.wasmhive.engine;

/** A request could not be answered because of what the guest did (or did not do) while running. */
public abstract sealed class GuestFailureException extends EngineException
        permits GuestTrapException, MemoryLimitException, GuestTimeoutException, FuelExhaustedException {

    protected GuestFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
