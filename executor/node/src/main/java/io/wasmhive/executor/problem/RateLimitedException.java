package io.wasmhive.executor.problem;

/** The tenant is over its request rate or its concurrency quota. */
public final class RateLimitedException extends RefusedException {

    /** Which quota: {@code rate} or {@code concurrency}. */
    private final String quota;

    public RateLimitedException(String quota, String message, long retryAfterSeconds) {
        super(message, retryAfterSeconds);
        this.quota = quota;
    }

    public String quota() {
        return quota;
    }
}
