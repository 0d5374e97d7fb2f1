package io.wasmhive.engine;

/** The guest trapped, exited with an error, or answered something that is not a valid response. */
public final class GuestTrapException extends GuestFailureException {

    public GuestTrapException(String message) {
        super(message, null);
    }

    public GuestTrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
