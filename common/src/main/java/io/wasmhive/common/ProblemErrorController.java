package io.wasmhive.common;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers what the servlet container itself rejects (an encoded slash or a NUL in the path, a
 * malformed request line, an error outside Spring MVC) with problem+json too, instead of an HTML
 * page or Boot's own JSON.
 */
@org.springframework.web.bind.annotation.RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        var problem = switch (status) {
            case NOT_FOUND -> ProblemTypes.problem(status, "not-found", "Not found", "nothing is served at this path");
            case CONTENT_TOO_LARGE -> ProblemTypes.problem(status, "request-too-large", "Request too large",
                    "the request is larger than this server accepts");
            default -> status.is4xxClientError()
                    ? ProblemTypes.problem(status, "invalid-request", "Invalid request",
                            "the request was rejected before it reached Wasmhive: check the path for encoded"
                                    + " slashes, NUL bytes or other characters that are not allowed")
                    : ProblemTypes.problem(status, "internal-error", "Internal error",
                            "an unexpected error occurred; it has been logged");
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
