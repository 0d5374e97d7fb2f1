package io.wasmhive.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static final Engine ENGINE = new Engine(
            new EngineOptions(2, 16, 4, 4L << 20, java.util.Optional.empty(), 1L << 30));
    private static final String TENANT = "acme";
    private static final ExecutionLimits LIMITS = ExecutionLimits.DEFAULTS.withTimeout(Duration.ofSeconds(5));

    @AfterAll
    static void closeEngine() {
        ENGINE.close();
    }

    private static GuestRequest request(String method, String path, String query, String body, Header... headers) {
        return new GuestRequest(method, path, query, List.of(headers), RequestBody.of(body.getBytes(StandardCharsets.UTF_8)),
                "/fn/acme/hello", "localhost", 8081, "127.0.0.1", "HTTP/1.1");
    }

    private static GuestResponse run(String guest, GuestRequest request, ExecutionLimits limits) {
        return ENGINE.invoke(TENANT, ENGINE.load(Guests.bytes(guest)), request, Map.of(), limits);
    }

    @Test
    void wagiGuestSeesTheRequestAndChoosesItsAnswer() {
        var response = run("hello-c/hello.wasm",
                request("POST", "/greet/w%C3%B6rld", "status=201&x=1", "ping", new Header("X-Greeting", "hi")),
                LIMITS);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).contains(new Header("X-Powered-By", "wasmhive-hello-c"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains(
                "method: POST", "path: /greet/w%C3%B6rld", "query: status=201&x=1",
                "script: /fn/acme/hello", "greeting header: hi", "body: ping");
        assertThat(response.stderr().text()).isEqualTo("hello-c served POST /greet/w%C3%B6rld\n");
    }

    @Test
    void guestSeesOnlyTheFunctionsEnvironment() {
        var executor = ENGINE.load(Guests.bytes("hello-c/hello.wasm"));
        var response = ENGINE.invoke(TENANT, executor, request("GET", "/", "", ""),
                Map.of("HTTP_X_GREETING", "from env"), LIMITS);

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("greeting header: from env");
    }

    @Test
    void watGuestAnswers() {
        var response = run("hello-wat/hello.wasm", request("GET", "/", "", ""), LIMITS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("Hello from WAT on Wasmhive!\n");
    }

    @Test
    void trapBecomesGuestTrap() {
        assertThatThrownBy(() -> run("fixtures/trap.wasm", request("GET", "/", "", ""), LIMITS))
                .isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("trapped");
    }

    @Test
    void nonZeroExitIsAGuestError() {
        assertThatThrownBy(() -> run("fixtures/exit-failure.wasm", request("GET", "/", "", ""), LIMITS))
                .isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("exited with status 3");
    }

    @Test
    void infiniteLoopIsStoppedByTheTimeoutAndTheEngineGoesOn() {
        // fuel enough to outlast the timeout on any machine: a fast one spends 10^9 in 300 ms
        var shortLimits = LIMITS.withTimeout(Duration.ofMillis(300)).withFuel(Long.MAX_VALUE);

        assertThatThrownBy(() -> run("fixtures/loop.wasm", request("GET", "/", "", ""), shortLimits))
                .isInstanceOf(GuestTimeoutException.class);
        assertThat(run("hello-wat/hello.wasm", request("GET", "/", "", ""), LIMITS).status()).isEqualTo(200);
    }

    @Test
    void unboundedGrowthStopsAtTheMemoryLimit() {
        var smallMemory = LIMITS.withMemoryBytes(2 << 20);

        assertThatThrownBy(() -> run("fixtures/memory-hog.wasm", request("GET", "/", "", ""), smallMemory))
                .isInstanceOf(MemoryLimitException.class)
                .hasMessageContaining(Long.toString(2 << 20));
    }

    @Test
    void moduleNeedingMoreThanTheLimitToStartCannotRun() {
        var tinyMemory = LIMITS.withMemoryBytes(64 << 10);

        assertThatThrownBy(() -> run("hello-c/hello.wasm", request("GET", "/", "", ""), tinyMemory))
                .isInstanceOf(MemoryLimitException.class)
                .hasMessageContaining("to start");
    }

    @Test
    void infiniteLoopRunsOutOfFuelLongBeforeItsTimeout() {
        var smallBudget = LIMITS.withFuel(5_000_000).withTimeout(Duration.ofSeconds(30));

        assertThatThrownBy(() -> run("fixtures/loop.wasm", request("GET", "/", "", ""), smallBudget))
                .isInstanceOf(FuelExhaustedException.class)
                .hasMessageContaining("5000000");
    }

    @Test
    void fuelUsedIsReportedAndTheSameOnEveryRun() {
        var executor = ENGINE.load(Guests.bytes("crunch-c/crunch.wasm"));
        var first = ENGINE.invoke(TENANT, executor, request("GET", "/", "n=5000", ""), Map.of(), LIMITS);
        var second = ENGINE.invoke(TENANT, executor, request("GET", "/", "n=5000", ""), Map.of(), LIMITS);
        var bigger = ENGINE.invoke(TENANT, executor, request("GET", "/", "n=50000", ""), Map.of(), LIMITS);

        assertThat(new String(first.body(), StandardCharsets.UTF_8)).startsWith("primes up to 5000: 669,");
        assertThat(first.usage().fuel()).isPositive().isEqualTo(second.usage().fuel());
        assertThat(bigger.usage().fuel()).isGreaterThan(5 * first.usage().fuel());
    }

    @Test
    void endlessRecursionTrapsInsteadOfCrashing() {
        assertThatThrownBy(() -> run("fixtures/deep-recursion.wasm", request("GET", "/", "", ""), LIMITS))
                .isInstanceOf(GuestTrapException.class);
    }

    @Test
    void responseLargerThanTheOutputLimitIsAGuestError() {
        var limits = LIMITS.withMaxOutputBytes(16);

        assertThatThrownBy(() -> run("hello-wat/hello.wasm", request("GET", "/", "", ""), limits))
                .isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("more than 16 bytes");
    }
}
