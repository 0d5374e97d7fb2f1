package io.wasmhive.engine;

/**
 * Root of the engine's failures. Callers switch on the subtype, never on the message; the message
 * is written for the person who has to fix the cause and is safe to show to the function's owner.
 */
public abstract sealed class EngineException extends RuntimeException
        permits InvalidModuleException, GuestFailureException, EngineOverloadedException {

    protected EngineException(String message) {
        super(message);
    }

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
