package io.wasmhive.executor.problem;

import io.wasmhive.common.ProblemType;
import io.wasmhive.engine.EngineOverloadedException;
import io.wasmhive.engine.FuelExhaustedException;
import io.wasmhive.engine.GuestTimeoutException;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.MemoryLimitException;
import io.wasmhive.executor.deployment.DeploymentRegistry;
import org.springframework.http.HttpStatus;

/** The problem types of function traffic (API.md); the slugs are part of the public contract. */
public enum ExecutorProblem implements ProblemType {
    FUNCTION_NOT_FOUND(HttpStatus.NOT_FOUND, "function-not-found", "Function not found"),
    REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limited"),
    FUNCTION_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "function-unavailable", "Function unavailable"),
    GUEST_TRAP(HttpStatus.INTERNAL_SERVER_ERROR, "guest-trap", "Function failed"),
    MEMORY_LIMIT(HttpStatus.INTERNAL_SERVER_ERROR, "memory-limit", "Memory limit reached"),
    FUEL_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "fuel-exhausted", "Fuel exhausted"),
    TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Function timed out"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "executor-overloaded", "Executor overloaded"),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    private final HttpStatus status;
    private final String slug;
    private final String title;

    ExecutorProblem(HttpStatus status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The problem a failure is answered with. */
    public static ExecutorProblem of(Throwable failure) {
        return switch (failure) {
            case FunctionNotFoundException e -> FUNCTION_NOT_FOUND;
            case RequestTooLargeException e -> REQUEST_TOO_LARGE;
            case RateLimitedException e -> RATE_LIMITED;
            case FunctionUnavailableException e -> FUNCTION_UNAVAILABLE;
            case FuelExhaustedException e -> FUEL_EXHAUSTED;
            case MemoryLimitException e -> MEMORY_LIMIT;
            case GuestTimeoutException e -> TIMEOUT;
            case GuestTrapException e -> GUEST_TRAP;
            case EngineOverloadedException e -> OVERLOADED;
            case DeploymentRegistry.StorageUnavailableException e -> STORAGE_UNAVAILABLE;
            default -> INTERNAL;
        };
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
}
