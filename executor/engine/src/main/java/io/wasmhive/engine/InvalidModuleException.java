package io.wasmhive.engine;

/** The bytes are not a module Wasmhive can run: malformed, invalid, or of no supported shape. */
public final class InvalidModuleException extends EngineException {

    public InvalidModuleException(String message) {
        super(message);
    }

    public InvalidModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
