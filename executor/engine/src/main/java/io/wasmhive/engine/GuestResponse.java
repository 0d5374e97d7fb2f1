package io.wasmhive.engine;

import java.util.List;

/**
 * What the guest answered.
 *
 * @param status   the HTTP status the guest chose
 * @param headers  the guest's response headers, in order
 * @param body     the response body
 * @param trailers trailer fields sent after the body (wasi-http guests only), in order
 * @param stderr   what the guest wrote to stderr (and, for wasi-http guests, stdout), bounded by
 *                 {@link ExecutionLimits#maxStderrBytes()}
 * @param usage    what the request used
 */
public record GuestResponse(int status, List<Header> headers, byte[] body, List<Header> trailers, CapturedOutput stderr,
        ResourceUsage usage) {

    public GuestResponse {
        headers = List.copyOf(headers);
        trailers = List.copyOf(trailers);
    }

    /** A response without trailers. */
    public GuestResponse(int status, List<Header> headers, byte[] body, CapturedOutput stderr, ResourceUsage usage) {
        this(status, headers, body, List.of(), stderr, usage);
    }
}
