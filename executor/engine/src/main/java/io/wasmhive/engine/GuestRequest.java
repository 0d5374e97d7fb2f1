package io.wasmhive.engine;

import java.util.List;

/**
 * An HTTP request as the guest sees it.
 *
 * @param method     the request method, as sent
 * @param path       the path below the function's prefix, starting with {@code /}, still percent-encoded
 * @param query      the raw query string without {@code ?}, empty when there is none
 * @param headers    the request headers in arrival order
 * @param body       the request body: complete, or streaming for an ABI that reads it as it arrives
 * @param scriptName the function's prefix, for example {@code /fn/acme/hello}
 * @param serverName the host the client addressed
 * @param serverPort the port the client addressed
 * @param remoteAddr the client's address
 * @param protocol   the HTTP version, for example {@code HTTP/1.1}
 */
public record GuestRequest(
        String method,
        String path,
        String query,
        List<Header> headers,
        RequestBody body,
        String scriptName,
        String serverName,
        int serverPort,
        String remoteAddr,
        String protocol) {

    public GuestRequest {
        headers = List.copyOf(headers);
    }
}
