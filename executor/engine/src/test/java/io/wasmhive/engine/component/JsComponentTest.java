package io.wasmhive.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.FuelExhaustedException;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.GuestTimeoutException;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.MemoryLimitException;
import io.wasmhive.engine.RequestBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JavaScript component's hostile and outbound paths, which jco serve cannot answer (a trap kills it). */
class JsComponentTest {

    private static final ExecutionLimits LIMITS = ExecutionLimits.DEFAULTS.withFuel(2_000_000_000L)
            .withTimeout(Duration.ofSeconds(60));
    private static HttpServer upstream;

    @BeforeAll
    static void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = ("upstream saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI()).getBytes();
            exchange.sendResponseHeaders(203, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void outboundRequestReachesAnAllowedHost() {
        String authority = "127.0.0.1:" + upstream.getAddress().getPort();

        var answer = call("/outbound?url=http://" + authority + "/hello%3Fx%3D1", LIMITS.withAllowedOutboundHosts(Set.of(authority)));

        assertThat(answer.status()).isEqualTo(203);
        assertThat(text(answer)).isEqualTo("upstream saw GET /hello?x=1");
    }

    @Test
    void outboundRequestToAnyOtherHostIsDenied() {
        String authority = "127.0.0.1:" + upstream.getAddress().getPort();

        var answer = call("/outbound?url=http://" + authority + "/", LIMITS.withAllowedOutboundHosts(Set.of("example.com")));

        assertThat(answer.status()).isEqualTo(502);
        assertThat(text(answer)).isEqualTo("HTTP-request-denied");
    }

    @Test
    void environmentIsTheFunctionsOwn() {
        var answer = LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT, LoadedComponents.get("js-echo"),
                request("/env"), Map.of("GREETING", "hi", "MODE", "test"), LIMITS);

        assertThat(text(answer)).isEqualTo("GREETING=hi\nMODE=test\n");
    }

    @Test
    void uncaughtExceptionIsATrapAndTheNextRequestIsServed() {
        assertThatThrownBy(() -> call("/trap", LIMITS)).isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("trapped");
        assertThat(call("/status/201", LIMITS).status()).isEqualTo(201);
    }

    @Test
    void endlessLoopRunsOutOfFuel() {
        assertThatThrownBy(() -> call("/loop", LIMITS.withFuel(100_000_000))).isInstanceOf(FuelExhaustedException.class);
    }

    @Test
    void endlessLoopWithFuelToSpareIsStoppedByItsTimeout() {
        assertThatThrownBy(() -> call("/loop", LIMITS.withFuel(Long.MAX_VALUE / 2).withTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(GuestTimeoutException.class);
    }

    @Test
    void unboundedAllocationHitsTheMemoryLimit() {
        // the guest starts with 161 pages (10.3 MiB); the limit leaves it one page to grow
        // slow: the allocation loop runs in SpiderMonkey's interpreter, itself interpreted by Chicory
        assertThatThrownBy(() -> call("/alloc", LIMITS.withMemoryBytes(162 * 65536L).withTimeout(Duration.ofMinutes(3)))).isInstanceOf(MemoryLimitException.class);
    }

    private static GuestResponse call(String target, ExecutionLimits limits) {
        return LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT, LoadedComponents.get("js-echo"), request(target),
                Map.of(), limits);
    }

    private static GuestRequest request(String target) {
        int q = target.indexOf('?');
        return new GuestRequest("GET", q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1),
                List.of(), RequestBody.EMPTY, "", "127.0.0.1", 8080, "127.0.0.1", "HTTP/1.1");
    }

    private static String text(GuestResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
