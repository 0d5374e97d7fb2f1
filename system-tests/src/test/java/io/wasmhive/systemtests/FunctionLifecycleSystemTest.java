package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The README's curl session, and deploy and rollback, over HTTP against real processes. */
class FunctionLifecycleSystemTest {

    private final Platform platform = new Platform();
    private final Stack stack = platform.stack;

    @Test
    void uploadedWagiFunctionAnswersWithWhatItWasAsked() {
        String token = platform.newTenant("curl-flow");

        var upload = platform.upload(token, "curl-flow", "hello", Platform.guest("hello-c/hello.wasm"));

        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        var json = upload.json();
        assertThat(json.get("name").asString()).isEqualTo("hello");
        assertThat(json.get("tenant").asString()).isEqualTo("curl-flow");
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("deployedVersion").asInt()).isEqualTo(1);
        assertThat(json.get("abi").asString()).isEqualTo("wagi");
        assertThat(json.get("sha256").asString()).hasSize(64);
        assertThat(json.get("url").asString()).isEqualTo(stack.executor + "/fn/curl-flow/hello");

        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/fn/curl-flow/hello/greet/w%C3%B6rld?status=202&lang=en")
                        .header("X-Greeting", "hello there")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("ping body")),
                a -> a.status() != 404);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.header("X-Powered-By")).isEqualTo("wasmhive-hello-c");
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(answer.body()).contains(
                "Hello from C on Wasmhive!",
                "method: PATCH",
                "path: /greet/w%C3%B6rld",
                "query: status=202&lang=en",
                "script: /fn/curl-flow/hello",
                "greeting header: hello there",
                "body: ping body");

        var plain = Http.send(Http.request(stack.executor, "/fn/curl-flow/hello").GET());
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).contains("method: GET", "path: /", "query: \n");
    }

    @Test
    void functionsAreReachableByHostNameUnderTheBaseDomain() {
        String token = platform.newTenant("by-host");
        assertThat(platform.upload(token, "by-host", "hello", Platform.guest("hello-c/hello.wasm")).status()).isEqualTo(201);

        var answer = Http.sendUntil(() -> Http.request(stack.executor, "/greet/there?x=1")
                .header("Host", "hello.by-host." + Stack.BASE_DOMAIN).GET(), a -> a.status() == 200);

        assertThat(answer.body()).contains("path: /greet/there", "query: x=1", "script: \n");
        var health = Http.send(Http.request(stack.executor, "/.well-known/wasmhive/health")
                .header("Host", "hello.by-host." + Stack.BASE_DOMAIN).GET());
        assertThat(health.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void reuploadingTheActiveBytesIsIdempotent() {
        String token = platform.newTenant("idempotent");
        byte[] module = Platform.guest("hello-wat/hello.wasm");
        assertThat(platform.upload(token, "idempotent", "hello", module).status()).isEqualTo(201);

        var again = platform.upload(token, "idempotent", "hello", module);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asInt()).isEqualTo(1);
        assertThat(platform.get(token, "/api/v1/tenants/idempotent/functions/hello/versions").json().size()).isEqualTo(1);
    }

    @Test
    void uploadWithoutDeployThenDeployAndRollBack() {
        String token = platform.newTenant("rollout");
        assertThat(platform.upload(token, "rollout", "app", Platform.guest("hello-c/hello.wasm")).status()).isEqualTo(201);
        awaitBody("/fn/rollout/app", "Hello from C");

        var staged = platform.upload(token, "rollout", "app", Platform.guest("hello-wat/hello.wasm"), "?deploy=false");
        assertThat(staged.status()).isEqualTo(200);
        assertThat(staged.json().get("version").asInt()).isEqualTo(2);
        assertThat(staged.json().get("deployedVersion").asInt()).isEqualTo(1);
        assertThat(Http.send(Http.request(stack.executor, "/fn/rollout/app").GET()).body()).contains("Hello from C");

        assertThat(deploy(token, 2).status()).isEqualTo(200);
        awaitBody("/fn/rollout/app", "Hello from WAT");

        var rollback = deploy(token, 1);
        assertThat(rollback.status()).isEqualTo(200);
        assertThat(rollback.json().get("version").asInt()).isEqualTo(1);
        awaitBody("/fn/rollout/app", "Hello from C");

        var function = platform.get(token, "/api/v1/tenants/rollout/functions/app").json();
        assertThat(function.get("activeVersion").asInt()).isEqualTo(1);
        assertThat(function.get("versions").size()).isEqualTo(2);
        var history = platform.get(token, "/api/v1/tenants/rollout/functions/app/deployments").json();
        assertThat(history.size()).isEqualTo(3);
        assertThat(history.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(history.get(0).get("deployedBy").asString()).isEqualTo("key:ci");

        var missing = deploy(token, 7);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asString()).contains("has no version 7");
    }

    @Test
    void configurationAndSecretsReachTheGuestWithoutARedeploy() {
        String token = platform.newTenant("configured");
        assertThat(platform.upload(token, "configured", "hello", Platform.guest("hello-c/hello.wasm")).status()).isEqualTo(201);
        awaitBody("/fn/configured/hello", "greeting header: \n");

        var patched = Http.send(Http.authorized(stack.api, "/api/v1/tenants/configured/functions/hello", token)
                .header("Content-Type", "application/json")
                .method("PATCH", Http.json("{\"secrets\":{\"HTTP_X_GREETING\":\"from a secret\"}}")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.body()).doesNotContain("from a secret");

        awaitBody("/fn/configured/hello", "greeting header: from a secret");
        assertThat(stack.count("select count(*) from function_env where value like '%from a secret%'")).isZero();
    }

    private Http.Answer deploy(String token, int version) {
        return Http.send(Http.authorized(stack.api, "/api/v1/tenants/rollout/functions/app/deployments", token)
                .header("Content-Type", "application/json")
                .POST(Http.json("{\"version\":" + version + "}")));
    }

    private void awaitBody(String path, String expected) {
        var answer = Http.sendUntil(() -> Http.request(stack.executor, path).GET(), a -> a.body().contains(expected));
        assertThat(answer.body()).contains(expected);
    }
}
