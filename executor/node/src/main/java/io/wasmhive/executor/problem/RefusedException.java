package io.wasmhive.executor.problem;

/**
 * A request refused before its guest ran, to protect the tenant's neighbours or a failing
 * function; the caller may retry after {@link #retryAfterSeconds()}.
 */
public abstract sealed class RefusedException extends RuntimeException
        permits RateLimitedException, FunctionUnavailableException {

    private final long retryAfterSeconds;

    protected RefusedException(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
