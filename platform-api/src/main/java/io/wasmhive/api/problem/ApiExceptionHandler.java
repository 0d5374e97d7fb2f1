package io.wasmhive.api.problem;

import io.wasmhive.engine.InvalidModuleException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every failure into {@code application/problem+json} with a stable type; never a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ProblemDetail refused(ApiException e) {
        return e.problem().with(e.getMessage());
    }

    @ExceptionHandler(InvalidModuleException.class)
    ProblemDetail invalidModule(InvalidModuleException e) {
        return ApiProblem.INVALID_MODULE.with(e.getMessage());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail concurrentChange(DataIntegrityViolationException e) {
        log.info("Refused a change that clashes with a concurrent one: {}", e.getMostSpecificCause().getMessage());
        return ApiProblem.CONFLICT.with("the change clashes with a concurrent change to the same thing; retry it");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (lostTheDatabase(e)) {
            log.warn("Postgres is unreachable: {}", e.getMessage());
            return ResponseEntity.status(ApiProblem.STORAGE_UNAVAILABLE.status()).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(ApiProblem.STORAGE_UNAVAILABLE.with("the platform's database cannot be reached; retry shortly"));
        }
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(ApiProblem.INTERNAL.with("an unexpected error occurred; it has been logged"));
    }

    /**
     * No connection could be had, the one in use broke (SQLSTATE class 08), or the transaction
     * could not be ended on it.
     */
    private static boolean lostTheDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof org.hibernate.TransactionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException) {
                var body = ApiProblem.REQUEST_TOO_LARGE.with(cause.getMessage());
                return handleExceptionInternal(e, body, headers, HttpStatusCode.valueOf(413), request);
            }
        }
        String reason = e.getMostSpecificCause().getMessage();
        String firstLine = reason == null ? "unreadable body" : reason.lines().findFirst().orElse(reason);
        var body = ApiProblem.INVALID_REQUEST.with("the request body is not valid JSON for this call: " + firstLine);
        return handleExceptionInternal(e, body, headers, status, request);
    }

    /** Gives Spring's own problems (unknown path, wrong method, ...) Wasmhive's problem types. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail detail && (detail.getType() == null || "about:blank".equals(detail.getType().toString()))) {
            var problem = ApiProblem.forStatus(status.value());
            detail.setType(problem.type());
            detail.setTitle(problem.title());
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
