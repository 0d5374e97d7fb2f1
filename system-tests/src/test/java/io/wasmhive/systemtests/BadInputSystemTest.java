package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Rejected uploads store nothing; failing guests are answered with problems and harm nothing. */
class BadInputSystemTest {

    private final Platform platform = new Platform();
    private final Stack stack = platform.stack;

    @Test
    void rejectedUploadsSayWhatIsWrongAndStoreNothing() {
        String token = platform.newTenant("bad-input");
        byte[] hello = Platform.guest("hello-c/hello.wasm");
        long modulesBefore = stack.count("select count(*) from modules");

        assertRejected(platform.upload(token, "bad-input", "garbage", "this is not wasm".getBytes()),
                "not a WebAssembly binary");
        assertRejected(platform.upload(token, "bad-input", "truncated", Arrays.copyOf(hello, hello.length / 3)),
                "malformed module");
        assertRejected(platform.upload(token, "bad-input", "no-start", Platform.guest("fixtures/no-start.wasm")),
                "exports no _start function");

        assertThat(stack.count("select count(*) from modules")).isEqualTo(modulesBefore);
        assertThat(stack.count("select count(*) from functions f join tenants t on t.id = f.tenant_id"
                + " where t.name = 'bad-input'")).isZero();
        assertThat(platform.get(token, "/api/v1/tenants/bad-input/functions/garbage").status()).isEqualTo(404);
    }

    @Test
    void rejectedUploadLeavesAnExistingFunctionAsItWas() {
        String token = platform.newTenant("keeps-working");
        assertThat(platform.upload(token, "keeps-working", "hello", Platform.guest("hello-wat/hello.wasm")).status())
                .isEqualTo(201);

        assertRejected(platform.upload(token, "keeps-working", "hello", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 99}),
                "malformed module");

        var versions = platform.get(token, "/api/v1/tenants/keeps-working/functions/hello/versions").json();
        assertThat(versions.size()).isEqualTo(1);
        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/fn/keeps-working/hello").GET(), a -> a.status() == 200);
        assertThat(answer.body()).isEqualTo("Hello from WAT on Wasmhive!\n");
    }

    @Test
    void unknownFunctionIsNotFound() {
        var answer = Http.send(Http.request(stack.executor, "/fn/nobody/nothing/at/all").GET());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://wasmhive.dev/problems/function-not-found");
    }

    @Test
    void trappingGuestIsA500AndTheExecutorGoesOnServing() {
        String token = platform.newTenant("trapper");
        assertThat(platform.upload(token, "trapper", "boom", Platform.guest("fixtures/trap.wasm")).status()).isEqualTo(201);
        assertThat(platform.upload(token, "trapper", "fine", Platform.guest("hello-wat/hello.wasm")).status()).isEqualTo(201);

        var trap = Http.sendUntil(() -> Http.request(stack.executor, "/fn/trapper/boom").GET(), a -> a.status() != 404);
        assertThat(trap.status()).isEqualTo(500);
        assertThat(trap.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(trap.json().get("type").asString()).isEqualTo("https://wasmhive.dev/problems/guest-trap");
        assertThat(trap.json().get("detail").asString()).contains("unreachable");
        assertThat(trap.body()).doesNotContain("at io.wasmhive", "Exception");

        var fine = Http.sendUntil(() -> Http.request(stack.executor, "/fn/trapper/fine").GET(), a -> a.status() != 404);
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.body()).isEqualTo("Hello from WAT on Wasmhive!\n");
    }

    @Test
    void loopingGuestIsStoppedAtItsTimeout() {
        String token = platform.newTenant("looper");
        assertThat(platform.upload(token, "looper", "spin", Platform.guest("fixtures/loop.wasm")).status()).isEqualTo(201);
        var configured = Http.send(Http.authorized(stack.api, "/api/v1/tenants/looper/functions/spin", token)
                .header("Content-Type", "application/json")
                .method("PATCH", Http.json("{\"limits\":{\"fuel\":10000000000,\"timeoutMillis\":300}}"))); // the quota's most fuel, to outlast it
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);

        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/fn/looper/spin").GET(), a -> a.status() == 504);

        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.json().get("type").asString()).isEqualTo("https://wasmhive.dev/problems/timeout");
        assertThat(answer.json().get("detail").asString()).contains("300 ms");
    }

    @Test
    void loopingGuestRunsOutOfFuelFirstWhenItsBudgetIsSmall() {
        String token = platform.newTenant("fuel-burner");
        assertThat(platform.upload(token, "fuel-burner", "spin", Platform.guest("fixtures/loop.wasm")).status()).isEqualTo(201);
        assertThat(platform.upload(token, "fuel-burner", "crunch", Platform.guest("crunch-c/crunch.wasm")).status()).isEqualTo(201);
        var configured = Http.send(Http.authorized(stack.api, "/api/v1/tenants/fuel-burner/functions/spin", token)
                .header("Content-Type", "application/json")
                .method("PATCH", Http.json("{\"limits\":{\"fuel\":2000000,\"timeoutMillis\":20000}}")));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);

        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/fn/fuel-burner/spin").GET(), a -> a.status() == 503);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("type").asString()).isEqualTo("https://wasmhive.dev/problems/fuel-exhausted");
        assertThat(answer.json().get("detail").asString()).contains("2000000");
        var crunch = Http.sendUntil(() -> Http.request(stack.executor, "/fn/fuel-burner/crunch?n=1000").GET(),
                a -> a.status() == 200);
        assertThat(crunch.body()).startsWith("primes up to 1000: 168,");
        assertThat(Long.parseLong(crunch.header("Wasmhive-Fuel-Used"))).isPositive();
    }

    private static void assertRejected(Http.Answer answer, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://wasmhive.dev/problems/invalid-module");
        assertThat(answer.json().get("detail").asString()).contains(detail);
    }
}
