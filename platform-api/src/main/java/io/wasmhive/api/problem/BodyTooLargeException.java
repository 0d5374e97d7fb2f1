package io.wasmhive.api.problem;

import java.io.IOException;

/** Thrown into whoever reads an API request body past its limit; answered with 413. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
