package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void aDeployReachesEveryNodeWithinASecondAndRollsOutWithoutErrors() throws Exception {
        // A node that would not re-read on its own for 30 s: only the change feed can tell it.
        var slowPoller = stack.startExecutor(Map.of("WASMHIVE_EXECUTOR_REFRESH_INTERVAL", "30s"));
        String token = platform.newTenant("rollout-fleet");
        // The load below runs as fast as it can; the rate quota is not what this test is about.
        assertThat(Http.send(Http.authorized(stack.api, "/api/v1/tenants/rollout-fleet", Stack.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method("PATCH", Http.json("{\"quotas\":{\"requestsPerSecond\":100000}}"))).status()).isEqualTo(200);
        assertThat(platform.upload(token, "rollout-fleet", "app", Platform.guest("hello-c/hello.wasm")).status()).isEqualTo(201);
        for (var node : java.util.List.of(stack.executor, slowPoller)) {
            assertThat(Http.sendUntil(() -> Http.request(node, "/fn/rollout-fleet/app").GET(), a -> a.status() == 200)
                    .body()).contains("Hello from C");
        }

        var answers = new java.util.concurrent.ConcurrentLinkedQueue<Http.Answer>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var load = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                for (var node : java.util.List.of(stack.executor, slowPoller)) {
                    answers.add(Http.send(Http.request(node, "/fn/rollout-fleet/app").GET()));
                }
            }
        });
        Stack.sleep(java.time.Duration.ofMillis(500));
        var deployed = platform.upload(token, "rollout-fleet", "app", Platform.guest("hello-wat/hello.wasm"));
        long deployedAt = System.nanoTime();
        assertThat(deployed.status()).isEqualTo(200);
        long[] seenAfterMillis = new long[2];
        int i = 0;
        for (var node : java.util.List.of(stack.executor, slowPoller)) {
            Http.sendUntil(() -> Http.request(node, "/fn/rollout-fleet/app").GET(), a -> a.body().contains("Hello from WAT"));
            seenAfterMillis[i++] = (System.nanoTime() - deployedAt) / 1_000_000;
        }
        Stack.sleep(java.time.Duration.ofMillis(500));
        stop.set(true);
        load.join();

        System.out.printf("deploy propagation: %d ms and %d ms; %d answers during the rollout%n",
                seenAfterMillis[0], seenAfterMillis[1], answers.size());
        assertThat(seenAfterMillis[0]).isLessThan(1000);
        assertThat(seenAfterMillis[1]).as("the node that only hears the change feed").isLessThan(1000);
        assertThat(answers).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).containsAnyOf("Hello from C", "Hello from WAT");
        });
    }

    @Test
    void aRestartedNodeServesItsFirstRequestFromTheCompiledCache() throws Exception {
        Path cache = Files.createTempDirectory("executor-cache");
        var env = Map.of("WASMHIVE_EXECUTOR_CACHE_DIR", cache.toString());
        String token = platform.newTenant("restarted");
        assertThat(platform.upload(token, "restarted", "crunch", Platform.guest("crunch-c/crunch.wasm")).status()).isEqualTo(201);

        var first = stack.startExecutorNode(env);
        assertThat(Http.sendUntil(() -> Http.request(first.uri(), "/fn/restarted/crunch?n=100").GET(), a -> a.status() == 200)
                .body()).startsWith("primes up to 100: 25,");
        assertThat(metric(first.uri(), "wasmhive_compiled_cache_misses_total")).isEqualTo(1.0);
        first.stop();

        var second = stack.startExecutorNode(env);
        assertThat(Http.send(Http.request(second.uri(), "/fn/restarted/crunch?n=100").GET()).body())
                .startsWith("primes up to 100: 25,");
        assertThat(metric(second.uri(), "wasmhive_compiled_cache_hits_total")).isEqualTo(1.0);
        assertThat(metric(second.uri(), "wasmhive_compiled_cache_misses_total")).as("nothing was compiled again").isZero();
        second.stop();
    }

    @Test
    void aDeployIsCompiledOnEveryNodeBeforeItsFirstRequest() throws Exception {
        var node = stack.startExecutorNode(Map.of());
        String token = platform.newTenant("ahead");
        Stack.sleep(Duration.ofSeconds(1)); // the node's change feed is listening
        double compiledBefore = metric(node.uri(), "wasmhive_compile_duration_seconds_count");

        assertThat(platform.upload(token, "ahead", "crunch", Platform.guest("crunch-c/crunch.wasm")).status()).isEqualTo(201);
        var metrics = Http.sendUntil(() -> Http.request(node.uri(), "/actuator/prometheus").GET(),
                a -> metric(a.body(), "wasmhive_compile_duration_seconds_count") > compiledBefore);
        double compiledAhead = metric(metrics.body(), "wasmhive_compile_duration_seconds_count");
        assertThat(compiledAhead).as("compiled on hearing of the deploy, before any request").isEqualTo(compiledBefore + 1);

        assertThat(Http.send(Http.request(node.uri(), "/fn/ahead/crunch?n=100").GET()).body()).startsWith("primes up to 100: 25,");
        assertThat(metric(node.uri(), "wasmhive_compile_duration_seconds_count")).as("the request compiled nothing")
                .isEqualTo(compiledAhead);
        node.stop();
    }

    @Test
    void aStoppedNodeFinishesTheRequestsItIsRunning() throws Exception {
        String token = platform.newTenant("draining");
        assertThat(platform.upload(token, "draining", "crunch", Platform.guest("crunch-c/crunch.wasm")).status()).isEqualTo(201);
        var node = stack.startExecutorNode(Map.of());
        Http.sendUntil(() -> Http.request(node.uri(), "/fn/draining/crunch?n=100").GET(), a -> a.status() == 200);

        long sent = System.nanoTime();
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Http.send(Http.request(node.uri(), "/fn/draining/crunch?n=5000000").GET()));
        Stack.sleep(Duration.ofMillis(50));
        long stopping = System.nanoTime();
        node.process().destroy(); // SIGTERM, as Kubernetes sends it

        var answer = slow.join();
        long answered = System.nanoTime();
        assertThat(answered).as("the request was still running when SIGTERM came").isGreaterThan(stopping);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).startsWith("primes up to 5000000: 348513,");
        assertThat(node.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the node exits").isTrue();
        System.out.printf("graceful stop: request took %d ms, answered %d ms after SIGTERM, node exited %d ms after it%n",
                (answered - sent) / 1_000_000, (answered - stopping) / 1_000_000, (System.nanoTime() - stopping) / 1_000_000);
    }

    private static double metric(java.net.URI node, String name) {
        return metric(Http.send(Http.request(node, "/actuator/prometheus").GET()).body(), name);
    }

    private static double metric(String prometheusText, String name) {
        return prometheusText.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
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
