package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An executor whose Postgres goes away keeps serving what it knows, says so, and catches up. */
class DatabaseOutageSystemTest {

    private final Platform platform = new Platform();
    private final Stack stack = platform.stack;

    @Test
    void executorServesKnownDeploymentsWhilePostgresIsAwayAndCatchesUpAfter() throws Exception {
        try (var proxy = new TcpProxy(5432)) {
            String proxied = stack.jdbcUrl.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
            URI executor = stack.startExecutor(Map.of("SPRING_DATASOURCE_URL", proxied,
                    "WASMHIVE_EXECUTOR_REFRESH_INTERVAL", "200ms"));
            String token = platform.newTenant("outage");
            assertThat(platform.upload(token, "outage", "hello", Platform.guest("hello-c/hello.wasm")).status()).isEqualTo(201);
            assertThat(Http.sendUntil(() -> Http.request(executor, "/fn/outage/hello").GET(), a -> a.status() == 200)
                    .body()).contains("Hello from C");

            proxy.cut();
            Stack.sleep(Duration.ofMillis(1500)); // several refresh intervals pass without Postgres

            for (int i = 0; i < 10; i++) {
                var answer = Http.send(Http.request(executor, "/fn/outage/hello").GET());
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).contains("Hello from C");
            }
            var health = Http.send(Http.request(executor, "/actuator/health").GET());
            assertThat(health.status()).as("overall health shows the database is down").isEqualTo(503);
            assertThat(Http.send(Http.request(executor, "/actuator/health/readiness").GET()).status())
                    .as("but the node stays ready to serve").isEqualTo(200);
            var unknown = Http.send(Http.request(executor, "/fn/outage/never-seen").GET());
            assertThat(unknown.status()).isEqualTo(503);
            assertThat(unknown.body()).contains("storage-unavailable");

            // A deploy made through platform-api (which still reaches Postgres) while this node cannot.
            assertThat(platform.upload(token, "outage", "hello", Platform.guest("hello-wat/hello.wasm")).status()).isEqualTo(200);
            proxy.restore();

            var caughtUp = Http.sendUntil(() -> Http.request(executor, "/fn/outage/hello").GET(),
                    a -> a.body().contains("Hello from WAT"));
            assertThat(caughtUp.body()).isEqualTo("Hello from WAT on Wasmhive!\n");
        }
    }

    @Test
    void platformApiAnswers503WhilePostgresIsAwayAndLosesNothingAcknowledged() throws Exception {
        try (var proxy = new TcpProxy(5432)) {
            String proxied = stack.jdbcUrl.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
            URI api = stack.startPlatformApi(Map.of("SPRING_DATASOURCE_URL", proxied));
            var before = createTenant(api, "acknowledged");
            assertThat(before.status()).isEqualTo(201);

            proxy.cut();
            var during = createTenant(api, "while-away");
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.header("Content-Type")).startsWith("application/problem+json");
            assertThat(during.header("Retry-After")).isNotNull();
            assertThat(during.json().get("type").asString()).isEqualTo("https://wasmhive.dev/problems/storage-unavailable");

            proxy.restore();
            var after = Http.sendUntil(() -> Http.authorized(api, "/api/v1/tenants/acknowledged", Stack.ADMIN_TOKEN).GET(),
                    a -> a.status() == 200);
            assertThat(after.json().get("name").asString()).isEqualTo("acknowledged");
            assertThat(Http.send(Http.authorized(api, "/api/v1/tenants/while-away", Stack.ADMIN_TOKEN).GET()).status())
                    .as("what was refused was not stored").isEqualTo(404);
        }
    }

    private static Http.Answer createTenant(URI api, String name) {
        return Http.send(Http.authorized(api, "/api/v1/tenants", Stack.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(Http.json("{\"name\":\"" + name + "\"}")));
    }
}
