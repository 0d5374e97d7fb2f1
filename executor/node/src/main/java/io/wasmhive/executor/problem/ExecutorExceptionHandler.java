package io.wasmhive.executor.problem;

import io.wasmhive.engine.EngineOverloadedException;
import io.wasmhive.engine.FuelExhaustedException;
import io.wasmhive.engine.GuestTimeoutException;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.MemoryLimitException;
import io.wasmhive.engine.UnsupportedAbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failure of function traffic as problem+json. Guest failures are logged with
 * their cause; the answer says what happened in the guest, never anything of the host.
 */
@RestControllerAdvice
public class ExecutorExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ExecutorExceptionHandler.class);

    static ProblemDetail problem(ExecutorProblem problem, String detail) {
        var body = ProblemDetail.forStatusAndDetail(problem.status(), detail);
        body.setType(problem.type());
        body.setTitle(problem.title());
        return body;
    }

    @ExceptionHandler(FunctionNotFoundException.class)
    ProblemDetail notFound(FunctionNotFoundException e) {
        return problem(ExecutorProblem.FUNCTION_NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ProblemDetail tooLarge(RequestTooLargeException e) {
        return problem(ExecutorProblem.REQUEST_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(GuestTrapException.class)
    ProblemDetail trap(GuestTrapException e) {
        log.info("Guest failed: {}", e.getMessage(), e.getCause());
        return problem(ExecutorProblem.GUEST_TRAP, e.getMessage());
    }

    @ExceptionHandler(MemoryLimitException.class)
    ProblemDetail memory(MemoryLimitException e) {
        log.info("Guest hit its memory limit: {}", e.getMessage());
        return problem(ExecutorProblem.MEMORY_LIMIT, e.getMessage());
    }

    @ExceptionHandler(FuelExhaustedException.class)
    ProblemDetail fuel(FuelExhaustedException e) {
        log.info("Guest ran out of fuel: {}", e.getMessage());
        return problem(ExecutorProblem.FUEL_EXHAUSTED, e.getMessage());
    }

    @ExceptionHandler(GuestTimeoutException.class)
    ProblemDetail timeout(GuestTimeoutException e) {
        log.info("Guest timed out: {}", e.getMessage());
        return problem(ExecutorProblem.TIMEOUT, e.getMessage());
    }

    @ExceptionHandler(EngineOverloadedException.class)
    ProblemDetail overloaded(EngineOverloadedException e) {
        log.warn("Refused a request: {}", e.getMessage());
        return problem(ExecutorProblem.OVERLOADED, "the executor is busy; retry shortly");
    }

    @ExceptionHandler(UnsupportedAbiException.class)
    ProblemDetail unsupported(UnsupportedAbiException e) {
        return problem(ExecutorProblem.ABI_NOT_SUPPORTED, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(ExecutorProblem.INTERNAL, "an unexpected error occurred in the executor; it has been logged");
    }

    /** Gives Spring's own problems (unknown path, bad request line, ...) Wasmhive's problem types. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail detail) {
            var problem = switch (status.value()) {
                case 404 -> ExecutorProblem.NOT_FOUND;
                case 413 -> ExecutorProblem.REQUEST_TOO_LARGE;
                default -> status.is4xxClientError() ? ExecutorProblem.INVALID_REQUEST : ExecutorProblem.INTERNAL;
            };
            detail.setType(problem.type());
            detail.setTitle(problem.title());
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
