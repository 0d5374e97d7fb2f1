package io.wasmhive.engine.component.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.internal.BoundedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An outbound request's body as a guest writes it around {@code outgoing-handler.handle}, against
 * a real server: the host functions called as the canonical ABI would call them.
 */
class OutboundRequestBodyTest {

    /** What the server received: how the body was framed and the body, or how reading it failed. */
    private record Received(String contentLength, String transferEncoding, String body, IOException failure) {}

    /** The first bytes of every body: the server reads them on their own and then reports. */
    private static final String FIRST = "before handle, ";

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch firstBytesArrived = new CountDownLatch(1);
    /** Until it opens, the server reads nothing of a request to {@code /slow}. */
    private final CountDownLatch slowReaderReads = new CountDownLatch(1);
    private HttpServer server;
    private String authority;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::receive);
        server.createContext("/slow", exchange -> {
            try {
                slowReaderReads.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            receive(exchange);
        });
        server.createContext("/hang-up", exchange -> {
            readFirst(exchange.getRequestBody());
            exchange.close(); // with no answer: the server drops the connection
        });
        server.start();
        authority = "127.0.0.1:" + server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        try (exchange) {
            var in = exchange.getRequestBody();
            String first = new String(readFirst(in), StandardCharsets.UTF_8);
            firstBytesArrived.countDown();
            String body = first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(headers.getFirst("content-length"), headers.getFirst("transfer-encoding"), body, null));
            exchange.sendResponseHeaders(204, -1);
        } catch (IOException failure) {
            received.add(new Received(null, null, null, failure));
        }
    }

    /**
     * The first bytes of a body, read without asking for 0 bytes: {@code readNBytes} ends with such
     * a read, which the JDK server's chunked stream answers by waiting for the next chunk.
     */
    private static byte[] readFirst(InputStream in) throws IOException {
        byte[] first = new byte[FIRST.length()];
        for (int n = 0, got; n < first.length; n += got) {
            got = in.read(first, n, first.length - n);
            if (got < 0) {
                throw new IOException("the body ended after " + n + " bytes");
            }
        }
        return first;
    }

    @AfterEach
    void stopServer() {
        slowReaderReads.countDown(); // else stopping waits for its handler, which a failed test never let read
        server.stop(0);
    }

    @Test
    void bytesWrittenAfterHandleAreSentAsTheyComeUntilTheBodyIsFinished() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS);
        upload.write(FIRST);

        var future = upload.handle();
        assertThat(firstBytesArrived.await(5, TimeUnit.SECONDS)).as("the bytes written before handle go out at once").isTrue();
        upload.write("after handle, ");
        upload.write("and more");
        upload.finish();

        assertThat(response(upload.session(), future)).isEqualTo(Case.ok(null)); // the server answered
        var got = received.poll(5, TimeUnit.SECONDS);
        assertThat(got.body()).isEqualTo("before handle, after handle, and more");
        assertThat(got.transferEncoding()).as("the length was unknown when the request went out").isEqualToIgnoringCase("chunked");
        upload.session().close();
    }

    @Test
    void aBodyFinishedBeforeHandleGoesWithItsLength() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS);
        upload.write(FIRST + "whole");
        upload.finish();

        assertThat(response(upload.session(), upload.handle())).isEqualTo(Case.ok(null));
        var got = received.poll(5, TimeUnit.SECONDS);
        assertThat(got.body()).isEqualTo(FIRST + "whole");
        assertThat(got.contentLength()).isEqualTo(String.valueOf((FIRST + "whole").length()));
        upload.session().close();
    }

    @Test
    void aBodyDroppedUnfinishedFailsTheRequest() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS);
        upload.write(FIRST);
        var future = upload.handle();
        assertThat(firstBytesArrived.await(5, TimeUnit.SECONDS)).isTrue();

        ((Streams.Output) upload.stream()).drop(); // a body's stream goes before the body
        ((HttpTypes.OutgoingBody) upload.body()).drop(); // [resource-drop]outgoing-body

        assertThat(response(upload.session(), future)).isEqualTo(Case.error(new Case("HTTP-protocol-error", null)));
        assertThat(received.poll(5, TimeUnit.SECONDS).failure()).as("the server never saw the body end").isNotNull();
        upload.session().close();
    }

    @Test
    void aBodyLeftUnfinishedWhenTheFunctionEndsFailsTheRequestInsteadOfHangingIt() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS);
        upload.write(FIRST);
        var future = (Outbound.FutureResponse) upload.handle();
        assertThat(firstBytesArrived.await(5, TimeUnit.SECONDS)).isTrue();

        upload.session().close();

        assertThat(future.result.get(5, TimeUnit.SECONDS)).isEqualTo(Case.error(new Case("HTTP-protocol-error", null)));
    }

    @Test
    void onceTheRequestIsOutWritesWaitForTheConnectionToTakeTheBody() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS.withMaxOutputBytes(64 << 20), "/slow");
        upload.write(FIRST);
        var future = upload.handle();

        // the server reads nothing yet: once the connection's buffers are full, so is the body's, and
        // the guest may write no more (without backpressure it writes on until the body's limit)
        long written = FIRST.length();
        var writable = upload.subscribe();
        do {
            for (long permit; (permit = upload.checkWrite()) > 0; written += permit) {
                assertThat(permit).isLessThanOrEqualTo(OutboundBody.BUFFER_BYTES);
                assertThat(upload.write(new byte[(int) permit])).isEqualTo(Case.ok(null));
            }
        } while (call(upload.session(), "wasi:io/poll", "[method]pollable.ready", writable).equals(true)); // taken meanwhile

        slowReaderReads.countDown();
        call(upload.session(), "wasi:io/poll", "[method]pollable.block", writable);
        assertThat(upload.checkWrite()).as("the connection took bytes").isPositive();
        upload.write("and the end");
        upload.finish();

        assertThat(response(upload.session(), future)).isEqualTo(Case.ok(null));
        assertThat(received.poll(5, TimeUnit.SECONDS).body()).hasSize((int) written + "and the end".length());
        upload.session().close();
    }

    @Test
    void writesAfterTheRequestFailedFailInsteadOfGoingNowhere() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS, "/hang-up");
        upload.write(FIRST);
        var future = upload.handle();
        assertThat(response(upload.session(), future).is("error")).isTrue();

        var checked = (Case) call(upload.session(), "wasi:io/streams", "[method]output-stream.check-write", upload.stream());
        assertThat(checked.is("error")).as("check-write: %s", checked).isTrue();
        var failed = (Case) checked.value();
        assertThat(failed.label()).isEqualTo("last-operation-failed");
        assertThat(((Streams.IoError) failed.value()).message()).startsWith("the request failed");
        assertThat(upload.write(new byte[1])).as("the stream is closed from then on")
                .isEqualTo(Case.error(new Case("closed", null)));
        assertThat(call(upload.session(), "wasi:io/poll", "[method]pollable.ready", upload.subscribe())).isEqualTo(true);
        upload.session().close();
    }

    @Test
    void theBodysLimitCountsWritesBeforeAndAfterHandle() throws Exception {
        var upload = upload(ExecutionLimits.DEFAULTS.withMaxOutputBytes(FIRST.length() + 4));
        upload.write(FIRST);
        upload.handle();

        assertThatThrownBy(() -> upload.write("12345")).isInstanceOf(BoundedOutputStream.LimitExceededException.class);
        upload.session().close();
    }

    /** An outbound POST as a guest makes it: the request, its body and the body's stream. */
    private record Upload(WasiSession session, Object request, Object body, Object stream) {

        void write(String text) {
            assertThat(call(session, "wasi:io/streams", "[method]output-stream.blocking-write-and-flush", stream,
                    text.getBytes(StandardCharsets.UTF_8))).isEqualTo(Case.ok(null));
        }

        /** A write that does not wait: at most what check-write permits. */
        Case write(byte[] bytes) {
            return (Case) call(session, "wasi:io/streams", "[method]output-stream.write", stream, bytes);
        }

        long checkWrite() {
            var permit = (Case) call(session, "wasi:io/streams", "[method]output-stream.check-write", stream);
            assertThat(permit.is("ok")).as("check-write: %s", permit).isTrue();
            return (Long) permit.value();
        }

        Object subscribe() {
            return call(session, "wasi:io/streams", "[method]output-stream.subscribe", stream);
        }

        Object handle() {
            var sent = (Case) call(session, "wasi:http/outgoing-handler", "handle", request, Case.NONE);
            assertThat(sent.is("ok")).as("handle: %s", sent).isTrue();
            return sent.value();
        }

        /** Drops the stream, as the guest must first, and finishes the body. */
        void finish() {
            ((Streams.Output) stream).drop();
            call(session, "wasi:http/types", "[static]outgoing-body.finish", body, Case.NONE);
        }
    }

    private Upload upload(ExecutionLimits limits) {
        return upload(limits, "/upload");
    }

    private Upload upload(ExecutionLimits limits, String path) {
        var session = session(limits);
        var request = post(session, path);
        var body = ((Case) call(session, "wasi:http/types", "[method]outgoing-request.body", request)).value();
        var stream = ((Case) call(session, "wasi:http/types", "[method]outgoing-body.write", body)).value();
        return new Upload(session, request, body, stream);
    }

    private WasiSession session(ExecutionLimits limits) {
        return new WasiSession(new GuestRequest("GET", "/", "", List.of(), RequestBody.EMPTY, "", "localhost", 80, "127.0.0.1",
                "HTTP/1.1"), Map.of(), limits.withAllowedOutboundHosts(Set.of(authority)), ResponseStream.BUFFERED);
    }

    private Object post(WasiSession session, String path) {
        var request = call(session, "wasi:http/types", "[constructor]outgoing-request",
                call(session, "wasi:http/types", "[constructor]fields"));
        call(session, "wasi:http/types", "[method]outgoing-request.set-method", request, new Case("post", null));
        call(session, "wasi:http/types", "[method]outgoing-request.set-authority", request, Case.some(authority));
        call(session, "wasi:http/types", "[method]outgoing-request.set-path-with-query", request, Case.some(path));
        return request;
    }

    /** Waits for the response as a guest does: {@code ok(null)} for a 204, else the request's error. */
    private static Case response(WasiSession session, Object future) {
        var ready = call(session, "wasi:http/types", "[method]future-incoming-response.subscribe", future);
        call(session, "wasi:io/poll", "[method]pollable.block", ready);
        var outcome = (Case) ((Case) ((Case) call(session, "wasi:http/types", "[method]future-incoming-response.get", future))
                .value()).value();
        if (outcome.is("error")) {
            return outcome;
        }
        var status = call(session, "wasi:http/types", "[method]incoming-response.status", outcome.value());
        assertThat(status).isEqualTo(204);
        return Case.ok(null);
    }

    private static Object call(WasiSession session, String iface, String function, Object... args) {
        return session.function(iface, function, null).call(args);
    }
}
