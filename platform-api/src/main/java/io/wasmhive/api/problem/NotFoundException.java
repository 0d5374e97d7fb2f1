package io.wasmhive.api.problem;

/** The named thing does not exist (or is not visible to the caller). */
public final class NotFoundException extends ApiException {

    public NotFoundException(String detail) {
        super(ApiProblem.NOT_FOUND, detail);
    }
}
