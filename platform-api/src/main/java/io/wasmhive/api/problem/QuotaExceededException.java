package io.wasmhive.api.problem;

/** The tenant has used up a countable quota, such as its number of functions. */
public final class QuotaExceededException extends ApiException {

    public QuotaExceededException(String detail) {
        super(ApiProblem.QUOTA_EXCEEDED, detail);
    }
}
