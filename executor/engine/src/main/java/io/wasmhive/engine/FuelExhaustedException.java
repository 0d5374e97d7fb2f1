package io.wasmhive.engine;

/** The guest used up its fuel budget and was stopped. */
public final class FuelExhaustedException extends GuestFailureException {

    public FuelExhaustedException(long budget) {
        super("the function used up its fuel budget of " + budget, null);
    }
}
