package io.wasmhive.api.problem;

import io.wasmhive.common.ProblemType;
import org.springframework.http.HttpStatus;

/** Every problem type platform-api answers with; the slug is part of the public contract. */
public enum ApiProblem implements ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    INVALID_MODULE(HttpStatus.BAD_REQUEST, "invalid-module", "Invalid module"),
    LIMIT_OUT_OF_QUOTA(HttpStatus.BAD_REQUEST, "limit-exceeds-quota", "Limit exceeds quota"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
    QUOTA_EXCEEDED(HttpStatus.CONFLICT, "quota-exceeded", "Quota exceeded"),
    MODULE_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "module-too-large", "Module too large"),
    REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    private final HttpStatus status;
    private final String slug;
    private final String title;

    ApiProblem(HttpStatus status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public String title() {
        return title;
    }

    /** The problem for a status Spring itself reports (unreadable body, unknown path, ...). */
    public static ApiProblem forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> MODULE_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? INVALID_REQUEST : INTERNAL;
        };
    }
}
