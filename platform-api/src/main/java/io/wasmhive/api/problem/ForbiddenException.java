package io.wasmhive.api.problem;

/** The token is valid but may not do this. */
public final class ForbiddenException extends ApiException {

    public ForbiddenException(String detail) {
        super(ApiProblem.FORBIDDEN, detail);
    }
}
