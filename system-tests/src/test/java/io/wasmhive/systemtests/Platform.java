package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmhive.storage.Examples;
import java.net.http.HttpRequest;

/** The calls a tenant makes with curl, against the running {@link Stack}. */
final class Platform {

    final Stack stack = Stack.get();

    /** Creates a tenant as the operator and returns a fresh key's token for it. */
    String newTenant(String name) {
        var created = Http.send(Http.authorized(stack.api, "/api/v1/tenants", Stack.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(Http.json("{\"name\":\"" + name + "\"}")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var key = Http.send(Http.authorized(stack.api, "/api/v1/tenants/" + name + "/keys", Stack.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(Http.json("{\"name\":\"ci\"}")));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        return key.json().get("token").asString();
    }

    Http.Answer upload(String token, String tenant, String function, byte[] module, String query) {
        return Http.send(Http.authorized(stack.api, "/api/v1/tenants/" + tenant + "/functions/" + function + query, token)
                .header("Content-Type", "application/wasm")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(module)));
    }

    Http.Answer upload(String token, String tenant, String function, byte[] module) {
        return upload(token, tenant, function, module, "");
    }

    Http.Answer get(String token, String path) {
        return Http.send(Http.authorized(stack.api, path, token).GET());
    }

    static byte[] guest(String relativePath) {
        return Examples.bytes(relativePath);
    }
}
