package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.Case;
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
 * out only to the function's allowed hosts, their bodies as the guest writes them.
 */
final class Outbound {

    private Outbound() {}

    static final class OutgoingRequest {
        Case method = new Case("get", null);
        String pathWithQuery;
        Case scheme;
        String authority;
        final Fields headers;
        /** Null until the guest takes it: a request without one has an empty body. */
        OutboundBody body;
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
                .add("[constructor]outgoing-request", "func(headers: headers) -> outgoing-request",
                        (s, a) -> new OutgoingRequest((Fields) a[0]))
                .add("[method]outgoing-request.body", "func(self: borrow<outgoing-request>) -> result<outgoing-body>",
                        (s, a) -> {
                            var request = (OutgoingRequest) a[0];
                            return request.bodyOnce.take(() -> {
                                var body = new OutboundBody(s.limits.maxOutputBytes());
                                request.body = body;
                                // trailers are dropped: the JDK client sends none after a request body
                                return new HttpTypes.OutgoingBody(body, trailers -> body.finish(),
                                        () -> body.abandon("the function dropped the request body without finishing it"));
                            });
                        })
                .add("[method]outgoing-request.method", "func(self: borrow<outgoing-request>) -> method",
                        (s, a) -> ((OutgoingRequest) a[0]).method)
                .add("[method]outgoing-request.set-method", "func(self: borrow<outgoing-request>, method: method) -> result",
                        (s, a) -> {
                            ((OutgoingRequest) a[0]).method = (Case) a[1];
                            return Case.ok(null);
                        })
                .add("[method]outgoing-request.path-with-query", "func(self: borrow<outgoing-request>) -> option<string>",
                        (s, a) -> Case.ofNullable(((OutgoingRequest) a[0]).pathWithQuery))
                .add("[method]outgoing-request.set-path-with-query",
                        "func(self: borrow<outgoing-request>, path-with-query: option<string>) -> result",
                        (s, a) -> {
                            ((OutgoingRequest) a[0]).pathWithQuery = (String) Case.optional(a[1]);
                            return Case.ok(null);
                        })
                .add("[method]outgoing-request.scheme", "func(self: borrow<outgoing-request>) -> option<scheme>",
                        (s, a) -> Case.ofNullable(((OutgoingRequest) a[0]).scheme))
                .add("[method]outgoing-request.set-scheme",
                        "func(self: borrow<outgoing-request>, scheme: option<scheme>) -> result",
                        (s, a) -> {
                            ((OutgoingRequest) a[0]).scheme = (Case) Case.optional(a[1]);
                            return Case.ok(null);
                        })
                .add("[method]outgoing-request.authority", "func(self: borrow<outgoing-request>) -> option<string>",
                        (s, a) -> Case.ofNullable(((OutgoingRequest) a[0]).authority))
                .add("[method]outgoing-request.set-authority",
                        "func(self: borrow<outgoing-request>, authority: option<string>) -> result",
                        (s, a) -> {
                            ((OutgoingRequest) a[0]).authority = (String) Case.optional(a[1]);
                            return Case.ok(null);
                        })
                .add("[method]outgoing-request.headers", "func(self: borrow<outgoing-request>) -> headers",
                        (s, a) -> ((OutgoingRequest) a[0]).headers.immutableCopy())

                .add("[constructor]request-options", "func() -> request-options", (s, a) -> new RequestOptions())
                .add("[method]request-options.connect-timeout", "func(self: borrow<request-options>) -> option<duration>",
                        (s, a) -> Case.ofNullable(((RequestOptions) a[0]).connectTimeout))
                .add("[method]request-options.set-connect-timeout",
                        "func(self: borrow<request-options>, duration: option<duration>) -> result",
                        (s, a) -> {
                            ((RequestOptions) a[0]).connectTimeout = (Long) Case.optional(a[1]);
                            return Case.ok(null);
                        })
                .add("[method]request-options.first-byte-timeout", "func(self: borrow<request-options>) -> option<duration>",
                        (s, a) -> Case.ofNullable(((RequestOptions) a[0]).firstByteTimeout))
                .add("[method]request-options.set-first-byte-timeout",
                        "func(self: borrow<request-options>, duration: option<duration>) -> result",
                        (s, a) -> {
                            ((RequestOptions) a[0]).firstByteTimeout = (Long) Case.optional(a[1]);
                            return Case.ok(null);
                        })
                .add("[method]request-options.between-bytes-timeout", "func(self: borrow<request-options>) -> option<duration>",
                        (s, a) -> Case.ofNullable(((RequestOptions) a[0]).betweenBytesTimeout))
                .add("[method]request-options.set-between-bytes-timeout",
                        "func(self: borrow<request-options>, duration: option<duration>) -> result",
                        (s, a) -> {
                            ((RequestOptions) a[0]).betweenBytesTimeout = (Long) Case.optional(a[1]);
                            return Case.ok(null);
                        })

                .add("[method]future-incoming-response.subscribe", "func(self: borrow<future-incoming-response>) -> pollable",
                        (s, a) -> Pollable.when(((FutureResponse) a[0]).result))
                .add("[method]future-incoming-response.get",
                        "func(self: borrow<future-incoming-response>) -> option<result<result<incoming-response, error-code>>>",
                        (s, a) -> {
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
                .add("[method]incoming-response.status", "func(self: borrow<incoming-response>) -> status-code",
                        (s, a) -> ((IncomingResponse) a[0]).status())
                .add("[method]incoming-response.headers", "func(self: borrow<incoming-response>) -> headers",
                        (s, a) -> ((IncomingResponse) a[0]).headers().immutableCopy())
                .add("[method]incoming-response.consume", "func(self: borrow<incoming-response>) -> result<incoming-body>",
                        (s, a) -> {
                            var response = (IncomingResponse) a[0];
                            return response.consume().take(() -> new HttpTypes.IncomingBody(Streams.sourceOf(response.body())));
                        });
        r.in("wasi:http/outgoing-handler", """
                        use wasi:http/types.{outgoing-request, request-options, future-incoming-response, error-code};
                        """)
                .add("handle", "func(request: outgoing-request, options: option<request-options>)"
                                + " -> result<future-incoming-response, error-code>",
                        (s, a) -> send(s, (OutgoingRequest) a[0], (RequestOptions) Case.optional(a[1])));
    }

    private static Case send(WasiSession session, OutgoingRequest request, RequestOptions options) {
        var policy = session.outbound;
        String scheme = request.scheme == null || request.scheme.is("HTTP") ? "http"
                : request.scheme.is("HTTPS") ? "https" : null;
        if (scheme == null) {
            return Case.error(new Case("HTTP-protocol-error", null));
        }
        URI uri = target(scheme, request.authority, request.pathWithQuery);
        if (uri == null) {
            return Case.error(new Case("HTTP-request-URI-invalid", null));
        }
        // the host actually connected to is checked, not the text the guest gave
        if (!policy.allows(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort())) {
            return Case.error(new Case("HTTP-request-denied", null));
        }
        if (++session.outboundCalls > policy.maxCalls()) {
            return Case.error(new Case("internal-error",
                    Case.some("more than " + policy.maxCalls() + " outbound requests in one request")));
        }
        long guestTimeout = options == null || options.firstByteTimeout == null ? 0 : options.firstByteTimeout;
        Duration timeout = guestTimeout > 0 && guestTimeout < policy.timeout().toNanos() // u64: above 2^63 is negative
                ? Duration.ofNanos(guestTimeout) : policy.timeout();
        var body = request.body;
        var builder = HttpRequest.newBuilder(uri).timeout(timeout);
        for (var entry : request.headers.entries()) {
            try {
                builder.header(entry.name(), Fields.text(entry.value()));
            } catch (IllegalArgumentException restricted) {
                return Case.error(new Case("HTTP-request-denied", null)); // e.g. host, content-length: the client sets them
            }
        }
        // last: a body still open streams from here, which holds the guest's writes back
        builder.method(HttpTypes.methodName(request.method), body == null ? HttpRequest.BodyPublishers.noBody() : body.publisher());
        CompletableFuture<Case> result = OutboundPolicy.CLIENT.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, failure) -> failure == null ? Case.ok(incoming(response)) : Case.error(errorCode(failure)));
        if (body != null) {
            result.thenAccept(body::ended); // a failed request fails the guest's writes to its body
        }
        session.atClose(() -> {
            if (body != null) {
                body.abandon("the function ended before it finished the request body"); // else the client waits for it
            }
            result.thenAccept(Outbound::release);
        });
        return Case.ok(new FutureResponse(result));
    }

    /**
     * The request's URI, or null when the guest's parts do not make a plain one: an authority with
     * user info or anything past host and port, or a path that does not start with {@code /}.
     */
    private static URI target(String scheme, String authority, String pathWithQuery) {
        if (authority == null || authority.isEmpty() || authority.chars().anyMatch(c -> "/?#@\\ ".indexOf(c) >= 0)) {
            return null;
        }
        String path = pathWithQuery == null ? "/" : pathWithQuery;
        if (!path.startsWith("/") || path.contains("#")) {
            return null;
        }
        try {
            var uri = new URI(scheme + "://" + authority + path);
            return uri.getHost() == null || uri.getRawUserInfo() != null || !authority.equals(uri.getRawAuthority()) ? null : uri;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
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

    /** Closes an outbound response's body, read or not. */
    static void release(Object result) {
        if (result instanceof Case c && c.value() instanceof IncomingResponse response) {
            try {
                response.body().close();
            } catch (java.io.IOException ignored) {
                // the connection is dropped either way
            }
        }
    }

    private static Case errorCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutboundBody.AbandonedException) {
                return new Case("HTTP-protocol-error", null); // as wasmtime answers a body dropped unfinished
            }
        }
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
