package io.wasmhive.engine;

/**
 * A request could not be answered because of what the guest did (or did not do) while running.
 * Where the guest got to run, the failure carries what it wrote to stderr and what it used, so the
 * function's owner can see why it failed.
 */
public abstract sealed class GuestFailureException extends EngineException
        permits GuestTrapException, MemoryLimitException, GuestTimeoutException, FuelExhaustedException {

    private CapturedOutput stderr = CapturedOutput.EMPTY;
    private ResourceUsage usage = ResourceUsage.NONE;

    protected GuestFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Records the guest's diagnostics; returns this failure, to be thrown. */
    public GuestFailureException withDiagnostics(CapturedOutput stderr, ResourceUsage usage) {
        this.stderr = stderr;
        this.usage = usage;
        return this;
    }

    public CapturedOutput stderr() {
        return stderr;
    }

    public ResourceUsage usage() {
        return usage;
    }
}
