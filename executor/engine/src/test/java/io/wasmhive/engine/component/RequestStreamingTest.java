package io.wasmhive.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.BodyFeed;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.GuestTimeoutException;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.Header;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A component reads its request body as the client sends it: echo-wat writes back each chunk it
 * reads, so what reaches the response stream shows how far the guest got while the body was open.
 */
class RequestStreamingTest {

    private final BodyFeed client = new BodyFeed();
    /** What the guest wrote to its response, write by write: its head first. */
    private final LinkedBlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final ResponseStream stream = new ResponseStream() {
        @Override
        public void head(int status, List<Header> headers) {
            sent.add("head " + status);
        }

        @Override
        public void body(byte[] bytes) {
            sent.add(new String(bytes, StandardCharsets.UTF_8));
        }
    };
    private RequestBody.Streaming body;

    @AfterEach
    void requestOver() {
        client.end();
        body.close();
    }

    private CompletableFuture<GuestResponse> echo(String path, long maxBodyBytes, Duration timeout) {
        body = RequestBody.streaming(client, maxBodyBytes);
        var request = new GuestRequest("POST", path, "", List.of(), body, "", "localhost", 80, "127.0.0.1", "HTTP/1.1");
        return CompletableFuture.supplyAsync(() -> LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT,
                LoadedComponents.get("echo-wat"), request, Map.of(), ExecutionLimits.DEFAULTS.withTimeout(timeout), stream));
    }

    private String next() throws InterruptedException {
        String write = sent.poll(10, TimeUnit.SECONDS);
        assertThat(write).as("the guest's next write").isNotNull();
        return write;
    }

    @Test
    void theGuestEchoesEachChunkBeforeTheNextIsSent() throws Exception {
        var answer = echo("/", 1 << 20, Duration.ofSeconds(10));

        assertThat(next()).as("the head goes out before any body arrived").isEqualTo("head 200");
        client.send("first chunk\n");
        assertThat(next()).as("echoed while the body is still open").isEqualTo("first chunk\n");
        client.send("second chunk\n");
        assertThat(next()).isEqualTo("second chunk\n");
        assertThat(answer).as("the guest still waits for the body's end").isNotDone();
        client.end();

        var response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(sent).isEmpty();
    }

    @Test
    void aLargeBodyIsEchoedWhole() throws Exception {
        var answer = echo("/", 1 << 20, Duration.ofSeconds(10));
        byte[] large = new byte[300_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) ('a' + i % 26);
        }
        client.send(large);
        client.end();

        answer.get(10, TimeUnit.SECONDS);
        var echoed = new StringBuilder();
        sent.forEach(echoed::append);
        assertThat(echoed.toString()).isEqualTo("head 200" + new String(large, StandardCharsets.UTF_8));
    }

    @Test
    void aBodyOverTheLimitFailsTheGuestsRead() throws Exception {
        var whole = echo("/whole", 10, Duration.ofSeconds(10));
        client.send("123456");
        client.send("789012");

        whole.get(10, TimeUnit.SECONDS);
        assertThat(String.join("", sent)).isEqualTo("head 2006 bytes, then the read failed\n");
        assertThat(body.overLimit()).isTrue();
    }

    @Test
    void anEchoCutShortByABodyOverTheLimitTraps() throws Exception {
        var answer = echo("/", 10, Duration.ofSeconds(10));
        assertThat(next()).isEqualTo("head 200");
        client.send("123456");
        assertThat(next()).isEqualTo("123456");
        client.send("789012");

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GuestTrapException.class);
        assertThat(body.overLimit()).isTrue();
    }

    @Test
    void aGuestWaitingForABodyThatDoesNotComeTimesOut() {
        var answer = echo("/", 1 << 20, Duration.ofMillis(300));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GuestTimeoutException.class);
    }
}
