package io.wasmhive.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wasmhive.api.ApiTestSupport;
import io.wasmhive.storage.function.DeploymentRepository;
import io.wasmhive.storage.function.FunctionRepository;
import io.wasmhive.storage.function.FunctionVersionRepository;
import io.wasmhive.storage.tenant.ApiKeyRepository;
import io.wasmhive.storage.tenant.TenantRepository;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every endpoint, every kind of caller: no token and forged tokens are 401, another tenant's key
 * and a tenant key on operator endpoints are 403, and such refused calls change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest extends ApiTestSupport {

    enum Access { OPERATOR, TENANT }

    record Endpoint(HttpMethod method, String path, String contentType, String body, Access access) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        String fn = "/api/v1/tenants/alpha/functions";
        String json = MediaType.APPLICATION_JSON_VALUE;
        return Stream.of(
                new Endpoint(HttpMethod.POST, "/api/v1/tenants", json, "{\"name\":\"intruder\"}", Access.OPERATOR),
                new Endpoint(HttpMethod.GET, "/api/v1/tenants", null, null, Access.OPERATOR),
                new Endpoint(HttpMethod.GET, "/api/v1/nodes", null, null, Access.OPERATOR),
                new Endpoint(HttpMethod.GET, "/api/v1/tenants/alpha", null, null, Access.TENANT),
                new Endpoint(HttpMethod.PATCH, "/api/v1/tenants/alpha", json, "{\"quotas\":{\"maxFunctions\":1000}}", Access.OPERATOR),
                new Endpoint(HttpMethod.DELETE, "/api/v1/tenants/alpha", null, null, Access.OPERATOR),
                new Endpoint(HttpMethod.POST, "/api/v1/tenants/alpha/keys", json, "{\"name\":\"stolen\"}", Access.OPERATOR),
                new Endpoint(HttpMethod.GET, "/api/v1/tenants/alpha/keys", null, null, Access.OPERATOR),
                new Endpoint(HttpMethod.DELETE, "/api/v1/tenants/alpha/keys/00000000-0000-0000-0000-000000000000", null, null, Access.OPERATOR),
                new Endpoint(HttpMethod.PUT, fn + "/hello", "application/wasm", "\0asm\1\0\0\0", Access.TENANT),
                new Endpoint(HttpMethod.GET, fn, null, null, Access.TENANT),
                new Endpoint(HttpMethod.GET, fn + "/hello", null, null, Access.TENANT),
                new Endpoint(HttpMethod.PATCH, fn + "/hello", json, "{\"env\":{\"X\":\"1\"}}", Access.TENANT),
                new Endpoint(HttpMethod.DELETE, fn + "/hello", null, null, Access.TENANT),
                new Endpoint(HttpMethod.GET, fn + "/hello/versions", null, null, Access.TENANT),
                new Endpoint(HttpMethod.POST, fn + "/hello/deployments", json, "{\"version\":1}", Access.TENANT),
                new Endpoint(HttpMethod.GET, fn + "/hello/deployments", null, null, Access.TENANT),
                new Endpoint(HttpMethod.GET, fn + "/hello/logs", null, null, Access.TENANT),
                new Endpoint(HttpMethod.GET, fn + "/hello/summary", null, null, Access.TENANT),
                new Endpoint(HttpMethod.POST, fn + "/hello/try", json, "{\"method\":\"GET\",\"path\":\"/\"}", Access.TENANT));
    }

    @Autowired TenantRepository tenants;
    @Autowired ApiKeyRepository keys;
    @Autowired FunctionRepository functions;
    @Autowired FunctionVersionRepository versions;
    @Autowired DeploymentRepository deployments;

    private String alphaToken;
    private String betaToken;

    @BeforeAll
    void twoTenantsWithAFunction() throws Exception {
        createTenant("alpha", "{}");
        createTenant("beta", "{}");
        alphaToken = createKey("alpha");
        betaToken = createKey("beta");
        uploadAsOperator("alpha", "hello", guest("hello-wat/hello.wasm"));
    }

    private MockHttpServletRequestBuilder call(Endpoint endpoint) {
        var builder = request(endpoint.method(), endpoint.path());
        if (endpoint.body() != null) {
            builder.contentType(endpoint.contentType()).content(endpoint.body());
        }
        return builder;
    }

    private List<Object> state() {
        return List.of(tenants.count(), keys.count(), functions.count(), versions.count(), deployments.count(),
                functions.findAll().stream().map(f -> f.getEnv().toString() + f.getActiveVersion()).toList(),
                tenants.findByName("alpha").orElseThrow().getQuotas());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void withoutTokenIsUnauthorized(Endpoint endpoint) throws Exception {
        var before = state();
        mvc.perform(call(endpoint))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/unauthorized"));
        assertThat(state()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void forgedTokensAreUnauthorized(Endpoint endpoint) throws Exception {
        var before = state();
        for (String forged : List.of("whk_forged", ADMIN_TOKEN + "x", alphaToken.substring(0, alphaToken.length() - 1))) {
            mvc.perform(call(endpoint).header("Authorization", bearer(forged))).andExpect(status().isUnauthorized());
        }
        mvc.perform(call(endpoint).header("Authorization", "Basic " + ADMIN_TOKEN)).andExpect(status().isUnauthorized());
        assertThat(state()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void anotherTenantsKeyIsForbidden(Endpoint endpoint) throws Exception {
        var before = state();
        mvc.perform(call(endpoint).header("Authorization", bearer(betaToken)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/forbidden"));
        assertThat(state()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void ownKeyMayUseTenantEndpointsOnly(Endpoint endpoint) throws Exception {
        if (endpoint.access() == Access.OPERATOR) {
            var before = state();
            mvc.perform(call(endpoint).header("Authorization", bearer(alphaToken))).andExpect(status().isForbidden());
            assertThat(state()).isEqualTo(before);
        } else if (endpoint.method() == HttpMethod.GET) {
            mvc.perform(call(endpoint).header("Authorization", bearer(alphaToken))).andExpect(status().isOk());
        }
    }
}
