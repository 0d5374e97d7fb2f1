package io.wasmhive.engine;

import java.time.Duration;

/** The guest ran past its wall-clock timeout and was interrupted. */
public final class GuestTimeoutException extends GuestFailureException {

    public GuestTimeoutException(Duration timeout) {
        super("the function did not finish within its timeout of " + timeout.toMillis() + " ms", null);
    }
}
