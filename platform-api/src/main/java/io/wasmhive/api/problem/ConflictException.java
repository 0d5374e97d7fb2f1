package io.wasmhive.api.problem;

/** The request clashes with what exists: a duplicate name, a concurrent change. */
public final class ConflictException extends ApiException {

    public ConflictException(String detail) {
        super(ApiProblem.CONFLICT, detail);
    }
}
