package io.wasmhive.executor.problem;

/** No such tenant, no such function, or nothing deployed. */
public final class FunctionNotFoundException extends RuntimeException {

    public FunctionNotFoundException(String tenant, String function) {
        super("no function '" + function + "' is deployed for tenant '" + tenant + "'", null, false, false);
    }
}
