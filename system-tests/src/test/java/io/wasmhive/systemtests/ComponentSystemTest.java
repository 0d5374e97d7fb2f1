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
    void requestBodyStreamsInAsTheClientSendsIt() throws Exception {
        String token = platform.newTenant("echoing");
        assertThat(platform.upload(token, "echoing", "echo", Platform.guest("components/echo-wat/echo.wasm")).status())
                .isEqualTo(201);
        Http.sendUntil(() -> Http.request(stack.executor, "/fn/echoing/echo").GET(), a -> a.status() == 200);

        try (var upload = new ChunkedReader.Upload(stack.executor, "/fn/echoing/echo/")) {
            upload.send("first chunk\n");

            assertThat(upload.status()).isEqualTo(200);
            assertThat(upload.nextChunk()).as("echoed before the second chunk is sent").isEqualTo("first chunk\n");
            upload.send("second chunk\n");
            assertThat(upload.nextChunk()).isEqualTo("second chunk\n");
            upload.end();

            var rest = upload.answer();
            assertThat(rest.complete()).isTrue();
            assertThat(rest.body()).isEqualTo("first chunk\nsecond chunk\n");
            assertThat(rest.trailers()).containsKey("wasmhive-fuel-used");
        }
    }

    /**
     * A chunked body that goes over the limit while the guest reads it: the guest's read fails. If
     * the guest has not answered yet the client gets 413, whatever the guest then answers; if its
     * response is already going out (echo-wat sends its head first) the response is cut short.
     */
    @Test
    void aChunkedBodyOverTheLimitIs413UnlessTheResponseHasStarted() throws Exception {
        String token = platform.newTenant("echo-limited");
        var quota = Http.send(Http.authorized(stack.api, "/api/v1/tenants/echo-limited", Stack.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method("PATCH", Http.json("{\"quotas\":{\"maxRequestBodyBytes\":100000}}")));
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);
        assertThat(platform.upload(token, "echo-limited", "echo", Platform.guest("components/echo-wat/echo.wasm")).status())
                .isEqualTo(201);
        Http.sendUntil(() -> Http.request(stack.executor, "/fn/echo-limited/echo").GET(), a -> a.status() == 200);

        var counted = sendInChunks("/fn/echo-limited/echo/whole", 90_000);
        assertThat(counted.status()).isEqualTo(200);
        assertThat(counted.body()).as("under the limit the guest reads it all").isEqualTo("90000 bytes\n");

        var refused = sendInChunks("/fn/echo-limited/echo/whole", 150_000);
        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("request-too-large");

        var cut = sendInChunks("/fn/echo-limited/echo/", 150_000);
        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.complete()).as("an echo already under way is cut short").isFalse();
        assertThat(cut.body().length()).isLessThanOrEqualTo(100_000);
    }

    /** Sends {@code size} bytes in chunks of 10,000 (from another thread, so the response is read meanwhile). */
    private ChunkedReader.Answer sendInChunks(String path, int size) throws Exception {
        try (var upload = new ChunkedReader.Upload(stack.executor, path)) {
            var sending = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    byte[] chunk = "0123456789".repeat(1_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        upload.send(java.util.Arrays.copyOf(chunk, Math.min(chunk.length, size - sent)));
                    }
                    upload.end();
                } catch (java.io.IOException refusedMidBody) {
                    // the executor may stop reading a body over the limit
                }
            });
            var answer = upload.answer();
            sending.join();
            return answer;
        }
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
