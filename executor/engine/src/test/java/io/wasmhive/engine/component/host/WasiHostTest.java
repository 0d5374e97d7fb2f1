package io.wasmhive.engine.component.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.component.abi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The WASI hosts called as a guest would call them, with the values the canonical ABI hands over. */
class WasiHostTest {

    private final WasiSession session = new WasiSession(
            new GuestRequest("GET", "/", "", List.of(), RequestBody.EMPTY, "", "localhost", 80, "127.0.0.1", "HTTP/1.1"),
            Map.of(), ExecutionLimits.DEFAULTS.withAllowedOutboundHosts(Set.of("api.example.com")), ResponseStream.BUFFERED);

    private Object call(String iface, String function, Object... args) {
        return session.function(iface, function, null).call(args);
    }

    /** As the guest's {@code resource.drop} of an owned handle: through the session's handle table. */
    private void drop(Object resource) {
        var type = ResourceType.host(resource.getClass().getName());
        session.resources().drop(session.resources().add(type, resource, true), type);
    }

    private Object outgoingBody() {
        var response = call("wasi:http/types", "[constructor]outgoing-response", call("wasi:http/types", "[constructor]fields"));
        return ((Case) call("wasi:http/types", "[method]outgoing-response.body", response)).value();
    }

    private Object incomingBody() {
        return ((Case) call("wasi:http/types", "[method]incoming-request.consume", session.incomingRequest())).value();
    }

    @Test
    void anOutgoingBodyCannotBeFinishedOrDroppedWhileItsStreamIsAlive() {
        var body = outgoingBody();
        var stream = ((Case) call("wasi:http/types", "[method]outgoing-body.write", body)).value();
        assertThat(call("wasi:http/types", "[method]outgoing-body.write", body)).as("a stream is taken once")
                .isEqualTo(Case.error(null));
        assertThat(call("wasi:io/streams", "[method]output-stream.write", stream, "ok".getBytes())).isEqualTo(Case.ok(null));

        assertThatThrownBy(() -> call("wasi:http/types", "[static]outgoing-body.finish", body, Case.NONE))
                .isInstanceOf(TrapException.class).hasMessageContaining("output-stream");
        var abandoned = outgoingBody();
        call("wasi:http/types", "[method]outgoing-body.write", abandoned);
        assertThatThrownBy(() -> drop(abandoned)).isInstanceOf(TrapException.class).hasMessageContaining("output-stream");

        drop(stream);
        assertThat(call("wasi:http/types", "[static]outgoing-body.finish", body, Case.NONE)).isEqualTo(Case.ok(null));
        assertThat(session.response().bodyBytes()).asString().isEqualTo("ok");
    }

    @Test
    void anIncomingBodyCannotBeFinishedOrDroppedWhileItsStreamIsAlive() {
        var body = incomingBody();
        var stream = ((Case) call("wasi:http/types", "[method]incoming-body.stream", body)).value();

        assertThatThrownBy(() -> call("wasi:http/types", "[static]incoming-body.finish", body))
                .isInstanceOf(TrapException.class).hasMessageContaining("input-stream");
        var dropped = incomingBody();
        call("wasi:http/types", "[method]incoming-body.stream", dropped);
        assertThatThrownBy(() -> drop(dropped)).isInstanceOf(TrapException.class).hasMessageContaining("input-stream");

        drop(stream);
        assertThat(call("wasi:http/types", "[static]incoming-body.finish", body)).isInstanceOf(HttpTypes.FutureTrailers.class);
        var unread = incomingBody();
        drop(unread); // a body whose stream was never taken goes at any time
    }

    @Test
    void aBlockingWriteTakesAtMost4096BytesAsTheWitSays() {
        var stdout = call("wasi:cli/stdout", "get-stdout");

        assertThat(call("wasi:io/streams", "[method]output-stream.blocking-write-and-flush", stdout, new byte[4096]))
                .isEqualTo(Case.ok(null));
        assertThatThrownBy(() -> call("wasi:io/streams", "[method]output-stream.blocking-write-and-flush", stdout,
                new byte[4097])).isInstanceOf(TrapException.class).hasMessageContaining("4096");
        assertThat(call("wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", stdout, 4096L))
                .isEqualTo(Case.ok(null));
        assertThatThrownBy(() -> call("wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", stdout,
                4097L)).isInstanceOf(TrapException.class).hasMessageContaining("4096");
        assertThatThrownBy(() -> call("wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", stdout,
                -1L)).as("u64::MAX").isInstanceOf(TrapException.class);
        assertThat(call("wasi:io/streams", "[method]output-stream.write", stdout, new byte[65536]))
                .as("a plain write takes what check-write permits").isEqualTo(Case.ok(null));
    }

    @Test
    void aWriteOverWhatCheckWritePermitsTraps() {
        var stdout = call("wasi:cli/stdout", "get-stdout");
        long permit = (Long) ((Case) call("wasi:io/streams", "[method]output-stream.check-write", stdout)).value();

        assertThat(call("wasi:io/streams", "[method]output-stream.write", stdout, new byte[(int) permit]))
                .isEqualTo(Case.ok(null));
        assertThatThrownBy(() -> call("wasi:io/streams", "[method]output-stream.write", stdout, new byte[(int) permit + 1]))
                .isInstanceOf(TrapException.class).hasMessageContaining(Long.toString(permit));
        assertThatThrownBy(() -> call("wasi:io/streams", "[method]output-stream.write-zeroes", stdout, permit + 1))
                .isInstanceOf(TrapException.class).hasMessageContaining(Long.toString(permit));
    }

    @Test
    void fieldsRefuseWhatWouldPassTheirBoundsAndKeepWhatTheyHad() {
        var fields = (Fields) call("wasi:http/types", "[constructor]fields");
        call("wasi:http/types", "[method]fields.append", fields, "x-kept", "1".getBytes());
        var many = new ArrayList<byte[]>();
        for (int i = 0; i <= Fields.MAX_ENTRIES; i++) {
            many.add(new byte[] {'v'});
        }

        assertThat(call("wasi:http/types", "[method]fields.set", fields, "x-many", many))
                .isEqualTo(Case.error(new Case("forbidden", null)));
        byte[] big = new byte[Fields.MAX_BYTES];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThat(call("wasi:http/types", "[method]fields.append", fields, "x-big", big))
                .isEqualTo(Case.error(new Case("forbidden", null)));
        assertThat(call("wasi:http/types", "[method]fields.append", fields, "bad name", new byte[0]))
                .isEqualTo(Case.error(new Case("invalid-syntax", null)));
        assertThat(call("wasi:http/types", "[method]fields.append", fields, "Connection", "close".getBytes()))
                .isEqualTo(Case.error(new Case("forbidden", null)));
        assertThat(fields.entries()).hasSize(1);
    }

    @Test
    void outboundTargetsAreJudgedByTheHostActuallyReached() {
        for (String[] trick : new String[][] {
                {"api.example.com:x@evil.com", "/"}, {"api.example.com", "@evil.com/"}, {"api.example.com", ".evil.com/"},
                {"evil.com#.api.example.com", "/"}, {"evil.com/.api.example.com", "/"}}) {
            var request = call("wasi:http/types", "[constructor]outgoing-request", call("wasi:http/types", "[constructor]fields"));
            call("wasi:http/types", "[method]outgoing-request.set-authority", request, Case.some(trick[0]));
            call("wasi:http/types", "[method]outgoing-request.set-path-with-query", request, Case.some(trick[1]));

            var answer = (Case) call("wasi:http/outgoing-handler", "handle", request, Case.NONE);

            assertThat(answer.is("error")).as(String.join(" ", trick)).isTrue();
            assertThat(((Case) answer.value()).label()).isIn("HTTP-request-denied", "HTTP-request-URI-invalid");
        }
    }

    @Test
    void hugeUnsignedArgumentsAreNotReadAsNegative() {
        var stdin = call("wasi:cli/stdin", "get-stdin");
        // u64::MAX arrives as -1: a read of "everything" on an empty stream is closed, not an empty spin
        assertThat(call("wasi:io/streams", "[method]input-stream.read", stdin, -1L)).isEqualTo(Case.error(new Case("closed", null)));
        var later = call("wasi:clocks/monotonic-clock", "subscribe-duration", -1L);
        assertThat(call("wasi:io/poll", "[method]pollable.ready", later)).isEqualTo(false);
    }
}
