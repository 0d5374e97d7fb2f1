package io.wasmhive.engine;

/** The guest needed more linear memory than its limit allows and failed because of it. */
public final class MemoryLimitException extends GuestFailureException {

    public MemoryLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
