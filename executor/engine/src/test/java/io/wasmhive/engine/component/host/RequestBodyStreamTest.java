package io.wasmhive.engine.component.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import io.wasmhive.engine.BodyFeed;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.component.abi.Case;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request body's input stream over a body still arriving, called as a guest would call it. */
class RequestBodyStreamTest {

    private static final Case CLOSED = Case.error(new Case("closed", null));

    private final BodyFeed client = new BodyFeed();
    private RequestBody.Streaming body;
    private WasiSession session;

    private Object call(String iface, String function, Object... args) {
        return session.function(iface, function, null).call(args);
    }

    /** The guest's input-stream for a body of at most {@code maxBytes}, within {@code timeout}. */
    private Object stream(long maxBytes, Duration timeout) {
        body = RequestBody.streaming(client, maxBytes);
        session = new WasiSession(new GuestRequest("POST", "/", "", List.of(), body, "", "localhost", 80, "127.0.0.1",
                "HTTP/1.1"), Map.of(), ExecutionLimits.DEFAULTS.withTimeout(timeout), ResponseStream.BUFFERED);
        var incomingBody = ((Case) call("wasi:http/types", "[method]incoming-request.consume", session.incomingRequest())).value();
        return ((Case) call("wasi:http/types", "[method]incoming-body.stream", incomingBody)).value();
    }

    @AfterEach
    void clientEnds() {
        client.end();
        body.close();
    }

    private static String text(Object result) {
        var read = (Case) result;
        assertThat(read.is("ok")).as("%s", read).isTrue();
        return new String((byte[]) read.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aReadReturnsWhatHasArrivedAndANonBlockingOneDoesNotWaitForMore() {
        var stream = stream(1 << 20, Duration.ofSeconds(10));
        var pollable = (Pollable) call("wasi:io/streams", "[method]input-stream.subscribe", stream);

        assertThat(text(call("wasi:io/streams", "[method]input-stream.read", stream, 100L))).as("nothing yet").isEmpty();
        assertThat(call("wasi:io/poll", "[method]pollable.ready", pollable)).isEqualTo(false);

        client.send("hello");
        call("wasi:io/poll", "[method]pollable.block", pollable);
        assertThat(call("wasi:io/poll", "[method]pollable.ready", pollable)).isEqualTo(true);
        assertThat(text(call("wasi:io/streams", "[method]input-stream.read", stream, 100L))).isEqualTo("hello");
        assertThat(call("wasi:io/poll", "[method]pollable.ready", pollable)).as("read empty again").isEqualTo(false);

        client.send(" world");
        assertThat(text(call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 3L))).isEqualTo(" wo");
        assertThat(text(call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L))).isEqualTo("rld");

        client.end();
        call("wasi:io/poll", "[method]pollable.block", pollable);
        assertThat(call("wasi:io/poll", "[method]pollable.ready", pollable)).as("ready at the end").isEqualTo(true);
        assertThat(call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L)).isEqualTo(CLOSED);
    }

    @Test
    void aBodyOverTheLimitFailsTheReadAfterTheBytesBeforeIt() {
        var stream = stream(8, Duration.ofSeconds(10));

        client.send("12345");
        assertThat(text(call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L))).isEqualTo("12345");
        client.send("6789");
        var failed = (Case) call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L);

        assertThat(failed.is("error")).isTrue();
        var error = (Case) failed.value();
        assertThat(error.label()).isEqualTo("last-operation-failed");
        assertThat(call("wasi:io/error", "[method]error.to-debug-string", error.value()))
                .isEqualTo("the request body is larger than the 8 bytes this function accepts");
        assertThat(body.overLimit()).isTrue();
        assertThat(call("wasi:io/streams", "[method]input-stream.read", stream, 100L)).isEqualTo(CLOSED);
    }

    @Test
    void aClientGoneMidBodyIsAStreamError() {
        var stream = stream(1 << 20, Duration.ofSeconds(10));

        client.send("half");
        client.breakOff();

        assertThat(text(call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L))).isEqualTo("half");
        var failed = (Case) call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L);
        assertThat(((Case) failed.value()).label()).isEqualTo("last-operation-failed");
        assertThat(body.overLimit()).isFalse();
        assertThat(body.failure()).hasMessageContaining("Connection reset by peer");
    }

    @Test
    void aBlockingReadWaitsNoLongerThanTheRequestsTimeout() {
        var stream = stream(1 << 20, Duration.ofMillis(200));
        var pollable = (Pollable) call("wasi:io/streams", "[method]input-stream.subscribe", stream);

        Assertions.assertThatThrownBy(() -> call("wasi:io/streams", "[method]input-stream.blocking-read", stream, 100L))
                .isInstanceOf(ChicoryInterruptedException.class);
        Assertions.assertThatThrownBy(() -> call("wasi:io/poll", "[method]pollable.block", pollable))
                .isInstanceOf(ChicoryInterruptedException.class);
    }
}
