package io.wasmhive.engine;

import java.util.List;

/**
 * What the guest answered.
 *
 * @param status  the HTTP status the guest chose
 * @param headers the guest's response headers, in order
 * @param body    the response body
 * @param stderr  what the guest wrote to stderr, bounded by {@link ExecutionLimits#maxStderrBytes()}
 * @param usage   what the request used
 */
public record GuestResponse(int status, List<Header> headers, byte[] body, CapturedOutput stderr, ResourceUsage usage) {

    public GuestResponse {
        headers = List.copyOf(headers);
    }
}
