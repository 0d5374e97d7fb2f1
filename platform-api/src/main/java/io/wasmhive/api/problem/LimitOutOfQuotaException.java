package io.wasmhive.api.problem;

/** A function limit asks for more than the tenant's quota allows. */
public final class LimitOutOfQuotaException extends ApiException {

    public LimitOutOfQuotaException(String detail) {
        super(ApiProblem.LIMIT_OUT_OF_QUOTA, detail);
    }
}
