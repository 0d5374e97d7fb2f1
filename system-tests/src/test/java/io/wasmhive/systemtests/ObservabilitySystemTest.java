package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** What a function's owner and an operator see of its traffic: logs, summaries and metrics. */
class ObservabilitySystemTest {

    private final Platform platform = new Platform();
    private final Stack stack = platform.stack;

    @Test
    void invocationShowsUpInTheLogsWithItsRequestIdStderrAndFuel() {
        String token = platform.newTenant("observed");
        assertThat(platform.upload(token, "observed", "hello", Platform.guest("hello-c/hello.wasm")).status()).isEqualTo(201);

        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/fn/observed/hello/traced")
                        .header("x-request-id", "trace-me-42")
                        .POST(HttpRequest.BodyPublishers.ofString("ping")),
                a -> a.status() == 200);
        assertThat(answer.header("x-request-id")).isEqualTo("trace-me-42");

        var logs = Http.sendUntil(() -> Http.authorized(stack.api,
                        "/api/v1/tenants/observed/functions/hello/logs?requestId=trace-me-42", token).GET(),
                a -> a.status() == 200 && a.json().size() > 0);
        var entry = logs.json().get(0);
        assertThat(entry.get("requestId").asString()).isEqualTo("trace-me-42");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("method").asString()).isEqualTo("POST");
        assertThat(entry.get("path").asString()).isEqualTo("/fn/observed/hello/traced");
        assertThat(entry.get("version").asInt()).isEqualTo(1);
        assertThat(entry.get("fuel").asLong()).isEqualTo(Long.parseLong(answer.header("Wasmhive-Fuel-Used")));
        assertThat(entry.get("stderr").asString()).isEqualTo("hello-c served POST /traced\n");
    }

    @Test
    void failuresAreLoggedWithTheirProblemAndCountInTheSummary() {
        String token = platform.newTenant("failing");
        assertThat(platform.upload(token, "failing", "boom", Platform.guest("fixtures/trap.wasm")).status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            Http.sendUntil(() -> Http.request(stack.executor, "/fn/failing/boom").GET(), a -> a.status() == 500);
        }

        var errors = Http.sendUntil(() -> Http.authorized(stack.api,
                        "/api/v1/tenants/failing/functions/boom/logs?status=5xx&limit=10", token).GET(),
                a -> a.status() == 200 && a.json().size() >= 3);
        assertThat(errors.json().get(0).get("problem").asString()).isEqualTo("guest-trap");
        assertThat(errors.json().get(0).get("status").asInt()).isEqualTo(500);

        var summary = Http.send(Http.authorized(stack.api, "/api/v1/tenants/failing/functions/boom/summary?minutes=5", token).GET());
        assertThat(summary.status()).isEqualTo(200);
        var total = summary.json().get("total");
        assertThat(total.get("requests").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(total.get("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(summary.json().get("buckets").size()).isPositive();
    }

    @Test
    void bothAppsExposePrometheusMetricsTaggedByTenantAndFunction() {
        String token = platform.newTenant("metered");
        assertThat(platform.upload(token, "metered", "hello", Platform.guest("hello-wat/hello.wasm")).status()).isEqualTo(201);
        Http.sendUntil(() -> Http.request(stack.executor, "/fn/metered/hello").GET(), a -> a.status() == 200);

        String executorMetrics = Http.send(Http.request(stack.executor, "/actuator/prometheus").GET()).body();
        assertThat(executorMetrics)
                .containsPattern("wasmhive_requests_total\\{[^}]*function=\"hello\"[^}]*status=\"2xx\"[^}]*tenant=\"metered\"")
                .containsPattern("wasmhive_request_duration_seconds_bucket\\{[^}]*tenant=\"metered\"")
                .containsPattern("wasmhive_fuel_used_count\\{[^}]*tenant=\"metered\"")
                .contains("wasmhive_compile_duration_seconds_count")
                .contains("wasmhive_requests_inflight");

        String apiMetrics = Http.send(Http.request(stack.api, "/actuator/prometheus").GET()).body();
        assertThat(apiMetrics)
                .containsPattern("wasmhive_uploads_total\\{[^}]*tenant=\"metered\"")
                .containsPattern("wasmhive_deploys_total\\{[^}]*tenant=\"metered\"");
    }
}
