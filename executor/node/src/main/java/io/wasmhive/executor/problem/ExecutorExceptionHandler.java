package io.wasmhive.executor.problem;

import io.wasmhive.engine.EngineException;
import io.wasmhive.executor.deployment.DeploymentRegistry;
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
 * Answers every failure of function traffic as problem+json ({@link ExecutorProblem#of}). Guest
 * failures are logged with their cause; the answer says what happened in the guest, never
 * anything of the host.
 */
@RestControllerAdvice
public class ExecutorExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ExecutorExceptionHandler.class);

    @ExceptionHandler({EngineException.class, FunctionNotFoundException.class, RequestTooLargeException.class,
            DeploymentRegistry.StorageUnavailableException.class})
    ProblemDetail refused(RuntimeException e) {
        var problem = ExecutorProblem.of(e);
        if (problem == ExecutorProblem.OVERLOADED) {
            log.warn("Refused a request: {}", e.getMessage());
            return problem.with("the executor is busy; retry shortly");
        }
        if (problem == ExecutorProblem.STORAGE_UNAVAILABLE) {
            log.warn("Refused a request: {}", e.getMessage(), e.getCause());
        }
        log.debug("{}: {}", problem.slug(), e.getMessage(), e.getCause());
        return problem.with(e.getMessage());
    }

    @ExceptionHandler(RefusedException.class)
    ResponseEntity<ProblemDetail> refusedForNow(RefusedException e) {
        var problem = ExecutorProblem.of(e);
        return ResponseEntity.status(problem.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem.with(e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ExecutorProblem.INTERNAL.with("an unexpected error occurred in the executor; it has been logged");
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
