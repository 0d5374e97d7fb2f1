package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.internal.BoundedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code wasi:http/outgoing-handler} and the outbound half of {@code wasi:http/types}: requests go
 * out only to the function's allowed hosts, with the body the guest finished before sending.
 */
final class Outbound {

    private Outbound() {}

    static final class OutgoingRequest {
        Case method = new Case("get", null);
        String pathWithQuery;
        Case scheme;
        String authority;
        final Fields headers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Once bodyOnce = new Once();

        OutgoingRequest(Fields headers) {
            this.headers = headers;
        }
    }

    static final class RequestOptions {
        Long connectTimeout;
        Long firstByteTimeout;
        Long betweenBytesTimeout;
    }

    static final class FutureResponse {
        final CompletableFuture<Case> result;
        boolean taken;

        FutureResponse(CompletableFuture<Case> result) {
            this.result = result;
        }
    }

    record IncomingResponse(int status, Fields headers, InputStream body, Once consume) {}

    static void register(Registry r) {
        r.in("wasi:http/types")
                .add("[constructor]outgoing-request", (s, a) -> new OutgoingRequest((Fields) a[0]))
                .add("[method]outgoing-request.body", (s, a) -> {
                    var request = (OutgoingRequest) a[0];
                    int limit = s.limits.maxOutputBytes();
                    return request.bodyOnce.take(() -> new HttpTypes.OutgoingBody(bytes -> {
                        if ((long) request.body.size() + bytes.length > limit) {
                            throw new BoundedOutputStream.LimitExceededException(limit);
                        }
                        request.body.writeBytes(bytes);
                    }, trailers -> {}, () -> {}));
                })
                .add("[method]outgoing-request.method", (s, a) -> ((OutgoingRequest) a[0]).method)
                .add("[method]outgoing-request.set-method", (s, a) -> {
                    ((OutgoingRequest) a[0]).method = (Case) a[1];
                    return Case.ok(null);
                })
                .add("[method]outgoing-request.path-with-query", (s, a) -> Case.ofNullable(((OutgoingRequest) a[0]).pathWithQuery))
                .add("[method]outgoing-request.set-path-with-query", (s, a) -> {
                    ((OutgoingRequest) a[0]).pathWithQuery = (String) Case.optional(a[1]);
                    return Case.ok(null);
                })
                .add("[method]outgoing-request.scheme", (s, a) -> Case.ofNullable(((OutgoingRequest) a[0]).scheme))
                .add("[method]outgoing-request.set-scheme", (s, a) -> {
                    ((OutgoingRequest) a[0]).scheme = (Case) Case.optional(a[1]);
                    return Case.ok(null);
                })
                .add("[method]outgoing-request.authority", (s, a) -> Case.ofNullable(((OutgoingRequest) a[0]).authority))
                .add("[method]outgoing-request.set-authority", (s, a) -> {
                    ((OutgoingRequest) a[0]).authority = (String) Case.optional(a[1]);
                    return Case.ok(null);
                })
                .add("[method]outgoing-request.headers", (s, a) -> ((OutgoingRequest) a[0]).headers.immutableCopy())

                .add("[constructor]request-options", (s, a) -> new RequestOptions())
                .add("[method]request-options.connect-timeout", (s, a) -> Case.ofNullable(((RequestOptions) a[0]).connectTimeout))
                .add("[method]request-options.set-connect-timeout", (s, a) -> {
                    ((RequestOptions) a[0]).connectTimeout = (Long) Case.optional(a[1]);
                    return Case.ok(null);
                })
                .add("[method]request-options.first-byte-timeout", (s, a) -> Case.ofNullable(((RequestOptions) a[0]).firstByteTimeout))
                .add("[method]request-options.set-first-byte-timeout", (s, a) -> {
                    ((RequestOptions) a[0]).firstByteTimeout = (Long) Case.optional(a[1]);
                    return Case.ok(null);
                })
                .add("[method]request-options.between-bytes-timeout", (s, a) -> Case.ofNullable(((RequestOptions) a[0]).betweenBytesTimeout))
                .add("[method]request-options.set-between-bytes-timeout", (s, a) -> {
                    ((RequestOptions) a[0]).betweenBytesTimeout = (Long) Case.optional(a[1]);
                    return Case.ok(null);
                })

                .add("[method]future-incoming-response.subscribe", (s, a) -> Pollable.when(((FutureResponse) a[0]).result))
                .add("[method]future-incoming-response.get", (s, a) -> {
                    var future = (FutureResponse) a[0];
                    if (!future.result.isDone()) {
                        return Case.NONE;
                    }
                    if (future.taken) {
                        return Case.some(Case.error(null));
                    }
                    future.taken = true;
                    return Case.some(Case.ok(future.result.join()));
                })
                .add("[method]incoming-response.status", (s, a) -> ((IncomingResponse) a[0]).status())
                .add("[method]incoming-response.headers", (s, a) -> ((IncomingResponse) a[0]).headers().immutableCopy())
                .add("[method]incoming-response.consume", (s, a) -> {
                    var response = (IncomingResponse) a[0];
                    return response.consume().take(() -> new HttpTypes.IncomingBody(response.body()));
                });
        r.in("wasi:http/outgoing-handler")
                .add("handle", (s, a) -> send(s, (OutgoingRequest) a[0], (RequestOptions) Case.optional(a[1])));
    }

    private static Case send(WasiSession session, OutgoingRequest request, RequestOptions options) {
        var policy = session.outbound;
        if (request.authority == null || !policy.allows(request.authority)) {
            return Case.error(new Case("HTTP-request-denied", null));
        }
        if (++session.outboundCalls > policy.maxCalls()) {
            return Case.error(new Case("internal-error",
                    Case.some("more than " + policy.maxCalls() + " outbound requests in one request")));
        }
        String scheme = request.scheme == null || request.scheme.is("HTTP") ? "http"
                : request.scheme.is("HTTPS") ? "https" : null;
        if (scheme == null) {
            return Case.error(new Case("HTTP-protocol-error", null));
        }
        URI uri;
        try {
            uri = URI.create(scheme + "://" + request.authority + (request.pathWithQuery == null ? "/" : request.pathWithQuery));
        } catch (IllegalArgumentException e) {
            return Case.error(new Case("HTTP-request-URI-invalid", null));
        }
        Duration timeout = options != null && options.firstByteTimeout != null
                ? Duration.ofNanos(Math.min(options.firstByteTimeout, policy.timeout().toNanos())) : policy.timeout();
        var builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(HttpTypes.methodName(request.method), HttpRequest.BodyPublishers.ofByteArray(request.body.toByteArray()));
        for (var entry : request.headers.entries()) {
            try {
                builder.header(entry.name(), Fields.text(entry.value()));
            } catch (IllegalArgumentException restricted) {
                return Case.error(new Case("HTTP-request-denied", null)); // e.g. host, content-length: the client sets them
            }
        }
        CompletableFuture<Case> result = OutboundPolicy.CLIENT.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, failure) -> failure == null ? Case.ok(incoming(response)) : Case.error(errorCode(failure)));
        return Case.ok(new FutureResponse(result));
    }

    private static IncomingResponse incoming(HttpResponse<InputStream> response) {
        var entries = new ArrayList<Fields.Entry>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                values.forEach(v -> entries.add(new Fields.Entry(name.toLowerCase(Locale.ROOT),
                        v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))));
            }
        });
        return new IncomingResponse(response.statusCode(), new Fields(entries, true), response.body(), new Once());
    }

    private static Case errorCode(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return new Case(cause instanceof java.net.http.HttpConnectTimeoutException ? "connection-timeout" : "HTTP-response-timeout", null);
        }
        if (cause instanceof java.net.ConnectException) {
            return new Case("connection-refused", null);
        }
        if (cause instanceof java.nio.channels.UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
            return new Case("destination-not-found", null);
        }
        return new Case("internal-error", Case.some(String.valueOf(cause.getMessage())));
    }
}
