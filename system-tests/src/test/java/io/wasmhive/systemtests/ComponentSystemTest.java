package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A wasi-http component, uploaded with one curl-like call and served by a real executor. */
class ComponentSystemTest {

    private final Platform platform = new Platform();
    private final Stack stack = platform.stack;

    @Test
    void uploadedComponentAnswersOverHttp() {
        String token = platform.newTenant("components");

        var upload = platform.upload(token, "components", "hello", Platform.guest("components/hello-wat/hello.wasm"));

        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("abi").asString()).isEqualTo("wasi-http");
        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/fn/components/hello/any/path?x=1").GET(),
                a -> a.status() != 404);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain");
        assertThat(answer.body()).isEqualTo("hello from a component\n");
    }

    @Test
    void responseStreamsAsTheGuestWritesItAndAFailureCutsItShort() throws Exception {
        String token = platform.newTenant("streaming");
        assertThat(platform.upload(token, "streaming", "slow", Platform.guest("components/stream-wat/stream.wasm")).status())
                .isEqualTo(201);
        Http.sendUntil(() -> Http.request(stack.executor, "/fn/streaming/slow").GET(), a -> a.status() == 200);

        var streamed = ChunkedReader.get(stack.executor, "/fn/streaming/slow/");

        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.complete()).isTrue();
        assertThat(streamed.body()).isEqualTo("first\nsecond\n");
        assertThat(streamed.chunks().getLast().arrivedMillis() - streamed.chunks().getFirst().arrivedMillis())
                .as("the second write comes a second after the first").isGreaterThan(500);
        assertThat(streamed.trailers()).containsKey("wasmhive-fuel-used");

        var cut = ChunkedReader.get(stack.executor, "/fn/streaming/slow/trap");

        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.body()).isEqualTo("first\n");
        assertThat(cut.complete()).as("a body cut short is not ended as if it were whole").isFalse();
    }

    @Test
    void componentImportingWhatTheHostLacksIsRefusedAtUpload() {
        String token = platform.newTenant("components-bad");
        byte[] component = Platform.guest("components/hello-wat/hello.wasm");
        byte[] renamed = new String(component, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("[constructor]fields", "[constructor]fieldz")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        var upload = platform.upload(token, "components-bad", "hello", renamed);

        assertThat(upload.status()).isEqualTo(400);
        assertThat(upload.body()).contains("[constructor]fieldz", "does not provide");
    }
}
