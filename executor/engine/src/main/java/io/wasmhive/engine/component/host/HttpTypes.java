package io.wasmhive.engine.component.host;

import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.Header;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.component.abi.ResourceTable;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code wasi:http/types}: the request a guest handles and the response it builds. */
final class HttpTypes {

    private static final Set<String> STANDARD_METHODS =
            Set.of("get", "head", "post", "put", "delete", "connect", "options", "trace", "patch");

    private HttpTypes() {}

    static final class IncomingRequest {
        final String method;
        final String pathWithQuery;
        final String authority;
        final Fields headers;
        final Streams.Source body;
        final Once consume = new Once();

        IncomingRequest(String method, String pathWithQuery, String authority, Fields headers, Streams.Source body) {
            this.method = method;
            this.pathWithQuery = pathWithQuery;
            this.authority = authority;
            this.headers = headers;
            this.body = body;
        }
    }

    /** A body being read: the request's, or an outbound call's response. */
    static final class IncomingBody implements ResourceTable.Droppable {
        final Streams.Source source;
        final BodyStream stream = new BodyStream("input-stream");

        IncomingBody(Streams.Source source) {
            this.source = source;
        }

        @Override
        public void drop() {
            stream.requireDropped("incoming-body dropped");
        }
    }

    record FutureTrailers(boolean[] taken) {}

    static final class OutgoingResponse {
        int status = 200;
        final Fields headers;
        final Once body = new Once();

        OutgoingResponse(Fields headers) {
            this.headers = headers;
        }
    }

    /** A body being written: the response's, or an outbound request's. */
    static final class OutgoingBody implements ResourceTable.Droppable {
        final Streams.Sink sink;
        final Runnable onAbandon;
        final java.util.function.Consumer<List<Header>> onFinish;
        final BodyStream stream = new BodyStream("output-stream");

        OutgoingBody(Streams.Sink sink, java.util.function.Consumer<List<Header>> onFinish, Runnable onAbandon) {
            this.sink = sink;
            this.onFinish = onFinish;
            this.onAbandon = onAbandon;
        }

        /** Only a body not finished is dropped: {@code finish} takes the guest's handle. */
        @Override
        public void drop() {
            stream.requireDropped("outgoing-body dropped");
            onAbandon.run();
        }

        Case finish(Fields trailers) {
            stream.requireDropped("outgoing-body.finish");
            onFinish.accept(trailers == null ? List.of() : ResponseState.headersOf(trailers));
            return Case.ok(null);
        }
    }

    static final class ResponseOutparam {
        boolean used;
    }

    /** The guest's view of this session's request, built when its handler is called. */
    static IncomingRequest incomingRequest(WasiSession session) {
        var request = session.request;
        var entries = new java.util.ArrayList<Fields.Entry>();
        String authority = null;
        for (var header : request.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            entries.add(new Fields.Entry(name, header.value().getBytes(StandardCharsets.ISO_8859_1)));
            if (name.equals("host")) {
                authority = header.value();
            }
        }
        if (authority == null) {
            authority = request.serverName() + ":" + request.serverPort();
        }
        String pathWithQuery = request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
        Streams.Source body = request.body() instanceof RequestBody.Streaming streaming
                ? Streams.sourceOf(streaming)
                : Streams.sourceOf(new ByteArrayInputStream(request.body().bytes()));
        return new IncomingRequest(request.method(), pathWithQuery, authority, new Fields(entries, true), body);
    }

    static Case method(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return STANDARD_METHODS.contains(lower) && method.equals(method.toUpperCase(Locale.ROOT))
                ? new Case(lower, null)
                : new Case("other", method);
    }

    static String methodName(Case method) {
        return method.is("other") ? (String) method.value() : method.label().toUpperCase(Locale.ROOT);
    }

    static void register(Registry r) {
        r.in("wasi:http/types", """
                        use wasi:clocks/monotonic-clock.{duration};
                        use wasi:io/streams.{input-stream, output-stream};
                        use wasi:io/error.{error};
                        use wasi:io/poll.{pollable};
                        variant method { get, head, post, put, delete, connect, options, trace, patch, other(string) }
                        variant scheme { HTTP, HTTPS, other(string) }
                        record DNS-error-payload { rcode: option<string>, info-code: option<u16> }
                        record TLS-alert-received-payload { alert-id: option<u8>, alert-message: option<string> }
                        record field-size-payload { field-name: option<string>, field-size: option<u32> }
                        variant error-code {
                            DNS-timeout, DNS-error(DNS-error-payload), destination-not-found, destination-unavailable,
                            destination-IP-prohibited, destination-IP-unroutable, connection-refused, connection-terminated,
                            connection-timeout, connection-read-timeout, connection-write-timeout, connection-limit-reached,
                            TLS-protocol-error, TLS-certificate-error, TLS-alert-received(TLS-alert-received-payload),
                            HTTP-request-denied, HTTP-request-length-required, HTTP-request-body-size(option<u64>),
                            HTTP-request-method-invalid, HTTP-request-URI-invalid, HTTP-request-URI-too-long,
                            HTTP-request-header-section-size(option<u32>), HTTP-request-header-size(option<field-size-payload>),
                            HTTP-request-trailer-section-size(option<u32>), HTTP-request-trailer-size(field-size-payload),
                            HTTP-response-incomplete, HTTP-response-header-section-size(option<u32>),
                            HTTP-response-header-size(field-size-payload), HTTP-response-body-size(option<u64>),
                            HTTP-response-trailer-section-size(option<u32>), HTTP-response-trailer-size(field-size-payload),
                            HTTP-response-transfer-coding(option<string>), HTTP-response-content-coding(option<string>),
                            HTTP-response-timeout, HTTP-upgrade-failed, HTTP-protocol-error, loop-detected,
                            configuration-error, internal-error(option<string>)
                        }
                        variant header-error { invalid-syntax, forbidden, immutable }
                        type field-name = string;
                        type field-value = list<u8>;
                        type status-code = u16;
                        resource fields;
                        type headers = fields;
                        type trailers = fields;
                        resource incoming-request;
                        resource outgoing-request;
                        resource request-options;
                        resource response-outparam;
                        resource incoming-response;
                        resource incoming-body;
                        resource future-trailers;
                        resource outgoing-response;
                        resource outgoing-body;
                        resource future-incoming-response;
                        """)
                .add("[constructor]fields", "func() -> fields", (s, a) -> Fields.empty())
                .add("[static]fields.from-list",
                        "func(entries: list<tuple<field-name, field-value>>) -> result<fields, header-error>",
                        (s, a) -> Fields.fromList((List<?>) a[0]))
                .add("[method]fields.get", "func(self: borrow<fields>, name: field-name) -> list<field-value>",
                        (s, a) -> ((Fields) a[0]).get((String) a[1]))
                .add("[method]fields.has", "func(self: borrow<fields>, name: field-name) -> bool",
                        (s, a) -> ((Fields) a[0]).has((String) a[1]))
                .add("[method]fields.set",
                        "func(self: borrow<fields>, name: field-name, value: list<field-value>) -> result<_, header-error>",
                        (s, a) -> ((Fields) a[0]).set((String) a[1], (List<?>) a[2]))
                .add("[method]fields.delete", "func(self: borrow<fields>, name: field-name) -> result<_, header-error>",
                        (s, a) -> ((Fields) a[0]).delete((String) a[1]))
                .add("[method]fields.append",
                        "func(self: borrow<fields>, name: field-name, value: field-value) -> result<_, header-error>",
                        (s, a) -> ((Fields) a[0]).append((String) a[1], (byte[]) a[2]))
                .add("[method]fields.entries", "func(self: borrow<fields>) -> list<tuple<field-name, field-value>>",
                        (s, a) -> ((Fields) a[0]).list())
                .add("[method]fields.clone", "func(self: borrow<fields>) -> fields",
                        (s, a) -> new Fields(((Fields) a[0]).entries(), false))

                .add("[method]incoming-request.method", "func(self: borrow<incoming-request>) -> method",
                        (s, a) -> method(((IncomingRequest) a[0]).method))
                .add("[method]incoming-request.path-with-query", "func(self: borrow<incoming-request>) -> option<string>",
                        (s, a) -> Case.some(((IncomingRequest) a[0]).pathWithQuery))
                .add("[method]incoming-request.scheme", "func(self: borrow<incoming-request>) -> option<scheme>",
                        (s, a) -> Case.some(new Case("HTTP", null)))
                .add("[method]incoming-request.authority", "func(self: borrow<incoming-request>) -> option<string>",
                        (s, a) -> Case.some(((IncomingRequest) a[0]).authority))
                .add("[method]incoming-request.headers", "func(self: borrow<incoming-request>) -> headers",
                        (s, a) -> ((IncomingRequest) a[0]).headers.immutableCopy())
                .add("[method]incoming-request.consume", "func(self: borrow<incoming-request>) -> result<incoming-body>",
                        (s, a) -> {
                            var request = (IncomingRequest) a[0];
                            return request.consume.take(() -> new IncomingBody(request.body));
                        })

                .add("[method]incoming-body.stream", "func(self: borrow<incoming-body>) -> result<input-stream>", (s, a) -> {
                    var body = (IncomingBody) a[0];
                    return body.stream.take(dropped -> new Streams.Input(body.source, dropped));
                })
                .add("[static]incoming-body.finish", "func(this: incoming-body) -> future-trailers", (s, a) -> {
                    ((IncomingBody) a[0]).stream.requireDropped("incoming-body.finish");
                    return new FutureTrailers(new boolean[1]);
                })
                .add("[method]future-trailers.subscribe", "func(self: borrow<future-trailers>) -> pollable",
                        (s, a) -> Pollable.READY)
                .add("[method]future-trailers.get",
                        "func(self: borrow<future-trailers>) -> option<result<result<option<trailers>, error-code>>>",
                        (s, a) -> {
                            var future = (FutureTrailers) a[0];
                            if (future.taken()[0]) {
                                return Case.some(Case.error(null));
                            }
                            future.taken()[0] = true;
                            return Case.some(Case.ok(Case.ok(Case.NONE)));
                        })

                .add("[constructor]outgoing-response", "func(headers: headers) -> outgoing-response",
                        (s, a) -> new OutgoingResponse(((Fields) a[0])))
                .add("[method]outgoing-response.status-code", "func(self: borrow<outgoing-response>) -> status-code",
                        (s, a) -> ((OutgoingResponse) a[0]).status)
                .add("[method]outgoing-response.set-status-code",
                        "func(self: borrow<outgoing-response>, status-code: status-code) -> result",
                        (s, a) -> {
                            int status = (Integer) a[1] & 0xffff;
                            if (status < 100 || status > 999) {
                                return Case.error(null);
                            }
                            ((OutgoingResponse) a[0]).status = status;
                            return Case.ok(null);
                        })
                .add("[method]outgoing-response.headers", "func(self: borrow<outgoing-response>) -> headers",
                        (s, a) -> ((OutgoingResponse) a[0]).headers.immutableCopy())
                .add("[method]outgoing-response.body", "func(self: borrow<outgoing-response>) -> result<outgoing-body>",
                        (s, a) -> ((OutgoingResponse) a[0]).body.take(() -> {
                            var state = s.response;
                            state.bodyOpened();
                            return new OutgoingBody(state::write, state::finish, state::abandon);
                        }))

                .add("[method]outgoing-body.write", "func(self: borrow<outgoing-body>) -> result<output-stream>", (s, a) -> {
                    var body = (OutgoingBody) a[0];
                    return body.stream.take(dropped -> new Streams.Output(body.sink, dropped));
                })
                .add("[static]outgoing-body.finish",
                        "func(this: outgoing-body, trailers: option<trailers>) -> result<_, error-code>",
                        (s, a) -> ((OutgoingBody) a[0]).finish((Fields) Case.optional(a[1])))

                .add("[static]response-outparam.set",
                        "func(param: response-outparam, response: result<outgoing-response, error-code>)",
                        (s, a) -> {
                            var outparam = (ResponseOutparam) a[0];
                            if (outparam.used) {
                                throw new TrapException("response-outparam.set called twice");
                            }
                            outparam.used = true;
                            var result = (Case) a[1];
                            if (result.is("ok")) {
                                var response = (OutgoingResponse) result.value();
                                s.response.set(response.status, ResponseState.headersOf(response.headers));
                            } else {
                                s.response.setError(((Case) result.value()).label());
                            }
                            return null;
                        })
                .add("[method]response-outparam.send-informational",
                        "func(self: borrow<response-outparam>, status: u16, headers: headers) -> result<_, error-code>",
                        (s, a) -> Case.error(
                                new Case("internal-error", Case.some("informational responses are not supported"))))
                .add("http-error-code", "func(err: borrow<error>) -> option<error-code>", (s, a) -> Case.NONE);
    }
}
