package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several executor nodes against one Postgres: they find each other and share tenants' rate quotas. */
class FleetSystemTest {

    private final Platform platform = new Platform();
    private final Stack stack = platform.stack;

    @Test
    void twoNodesSplitATenantsRateQuota() {
        var second = stack.startExecutor(Map.of("WASMHIVE_EXECUTOR_HEARTBEAT_INTERVAL", "1s"));
        String token = platform.newTenant("shared-rate");
        var quota = Http.send(Http.authorized(stack.api, "/api/v1/tenants/shared-rate", Stack.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method("PATCH", Http.json("{\"quotas\":{\"requestsPerSecond\":20}}")));
        assertThat(quota.status()).isEqualTo(200);
        assertThat(platform.upload(token, "shared-rate", "hello", Platform.guest("hello-wat/hello.wasm")).status()).isEqualTo(201);

        var nodes = Http.sendUntil(() -> Http.authorized(stack.api, "/api/v1/nodes", Stack.ADMIN_TOKEN).GET(),
                a -> a.status() == 200 && countLive(a) >= 2);
        assertThat(countLive(nodes)).isGreaterThanOrEqualTo(2);
        Http.sendUntil(() -> Http.request(second, "/fn/shared-rate/hello").GET(), a -> a.status() == 200);
        Stack.sleep(java.time.Duration.ofMillis(3000)); // both nodes have seen each other's heartbeat

        int accepted = 0;
        int limited = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            int status = Http.send(Http.request(second, "/fn/shared-rate/hello").GET()).status();
            if (status == 200) {
                accepted++;
            } else if (status == 429) {
                limited++;
            }
        }
        double seconds = Math.max(1, Math.ceil((System.nanoTime() - start) / 1e9));

        assertThat(limited).as("requests over this node's share are refused").isPositive();
        assertThat(accepted).as("one node admits its half of 20/s").isLessThanOrEqualTo((int) (10 * (seconds + 1)));
    }

    private static long countLive(Http.Answer nodes) {
        long live = 0;
        for (var node : nodes.json()) {
            if (node.get("live").asBoolean()) {
                live++;
            }
        }
        return live;
    }
}
