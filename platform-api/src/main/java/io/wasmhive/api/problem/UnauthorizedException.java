package io.wasmhive.api.problem;

/** No token, or one that is not known. */
public final class UnauthorizedException extends ApiException {

    public UnauthorizedException(String detail) {
        super(ApiProblem.UNAUTHORIZED, detail);
    }
}
