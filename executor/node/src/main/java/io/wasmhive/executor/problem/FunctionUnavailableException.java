package io.wasmhive.executor.problem;

/** The function's circuit is open after repeated guest failures. */
public final class FunctionUnavailableException extends RefusedException {

    public FunctionUnavailableException(String function, long retryAfterSeconds) {
        super("function '" + function + "' failed repeatedly and is paused; it is tried again in "
                + retryAfterSeconds + " s", retryAfterSeconds);
    }
}
