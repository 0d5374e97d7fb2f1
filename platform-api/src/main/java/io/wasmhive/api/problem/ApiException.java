package io.wasmhive.api.problem;

/**
 * A request platform-api refuses, with the problem type it is answered with and a detail that
 * tells the caller what to fix. Subclasses name the failure.
 */
public abstract class ApiException extends RuntimeException {

    private final ApiProblem problem;

    protected ApiException(ApiProblem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }
}
