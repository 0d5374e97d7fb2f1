package io.wasmhive.api.problem;

/** The request is malformed: a bad name, a bad value, a missing field. */
public final class BadRequestException extends ApiException {

    public BadRequestException(String detail) {
        super(ApiProblem.INVALID_REQUEST, detail);
    }
}
