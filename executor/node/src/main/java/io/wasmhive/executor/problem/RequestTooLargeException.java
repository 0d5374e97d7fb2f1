package io.wasmhive.executor.problem;

/** The request body is over the tenant's maxRequestBodyBytes. */
public final class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(long maxBytes) {
        super("the request body is larger than the " + maxBytes + " bytes this function accepts", null, false, false);
    }
}
