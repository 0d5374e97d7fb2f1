package io.wasmhive.api.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wasmhive.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** What a tenant is told when an upload or a configuration is refused. */
class FunctionApiTest extends ApiTestSupport {

    private String tenantWithQuotas(String name, String quotas) throws Exception {
        createTenant(name, quotas);
        return createKey(name);
    }

    @Test
    void invalidFunctionNameIsRejected() throws Exception {
        String token = tenantWithQuotas("names", "{}");

        for (String bad : new String[] {"Hello", "9lives", "with_underscore", "a".repeat(64)}) {
            upload("names", bad, token, guest("hello-wat/hello.wasm"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/invalid-request"))
                    .andExpect(jsonPath("$.detail").value(containsString("invalid function name")));
        }
    }

    @Test
    void moduleOverTheSizeQuotaIs413() throws Exception {
        String token = tenantWithQuotas("small", "{\"maxModuleBytes\":1000}");

        upload("small", "big", token, guest("hello-c/hello.wasm"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/module-too-large"))
                .andExpect(jsonPath("$.detail").value(containsString("at most 1000 bytes")));
    }

    @Test
    void functionCountQuotaIsEnforced() throws Exception {
        String token = tenantWithQuotas("one-only", "{\"maxFunctions\":1}");
        upload("one-only", "first", token, guest("hello-wat/hello.wasm"))
                .andExpect(status().isCreated());

        upload("one-only", "second", token, guest("hello-wat/hello.wasm"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/quota-exceeded"));
        upload("one-only", "first", token, guest("hello-c/hello.wasm"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2));
    }

    @Test
    void uploadNeedsAModuleContentTypeAndABody() throws Exception {
        String token = tenantWithQuotas("media", "{}");

        mvc.perform(put("/api/v1/tenants/media/functions/f").header("Authorization", bearer(token))
                        .contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/unsupported-media-type"));
        mvc.perform(put("/api/v1/tenants/media/functions/f").header("Authorization", bearer(token))
                        .contentType("application/wasm"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("body is empty")));
    }

    @Test
    void limitsBeyondTheQuotaAreRefusedWithTheAllowedMaximum() throws Exception {
        String token = tenantWithQuotas("limited", "{\"maxTimeoutMillis\":2000}");
        upload("limited", "f", token, guest("hello-wat/hello.wasm"))
                .andExpect(status().isCreated());

        mvc.perform(patch("/api/v1/tenants/limited/functions/f").header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"limits\":{\"timeoutMillis\":5000}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/limit-exceeds-quota"))
                .andExpect(jsonPath("$.detail").value(containsString("allows at most 2000")));

        mvc.perform(patch("/api/v1/tenants/limited/functions/f").header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"limits\":{\"timeoutMillis\":1500},\"env\":{\"GREETING\":\"hi\"},"
                                + "\"allowedOutboundHosts\":[\"api.example.com\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.config.limits.timeoutMillis").value(1500))
                .andExpect(jsonPath("$.config.effectiveLimits.timeoutMillis").value(1500))
                .andExpect(jsonPath("$.config.env.GREETING").value("hi"))
                .andExpect(jsonPath("$.config.allowedOutboundHosts[0]").value("api.example.com"));
    }

    @Test
    void unknownConfigurationFieldsAreReportedNotIgnored() throws Exception {
        String token = tenantWithQuotas("typos", "{}");
        upload("typos", "f", token, guest("hello-wat/hello.wasm"))
                .andExpect(status().isCreated());

        mvc.perform(patch("/api/v1/tenants/typos/functions/f").header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"limits\":{\"timeoutMilis\":10}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.detail").value(containsString("timeoutMilis")));
    }

    @Test
    void secretsAreStoredEncryptedAndNeverShown(@Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc)
            throws Exception {
        String token = tenantWithQuotas("secretive", "{}");
        upload("secretive", "f", token, guest("hello-wat/hello.wasm"))
                .andExpect(status().isCreated());

        mvc.perform(patch("/api/v1/tenants/secretive/functions/f").header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"env\":{\"MODE\":\"prod\"},\"secrets\":{\"API_TOKEN\":\"s3cr3t-value\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.config.env.MODE").value("prod"))
                .andExpect(jsonPath("$.config.secrets[0]").value("API_TOKEN"))
                .andExpect(content().string(not(containsString("s3cr3t-value"))));
        mvc.perform(get("/api/v1/tenants/secretive/functions/f").header("Authorization", bearer(token)))
                .andExpect(content().string(not(containsString("s3cr3t-value"))));

        String stored = jdbc.sql("select value from function_env where name = 'API_TOKEN'").query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("s3cr3t");

        mvc.perform(patch("/api/v1/tenants/secretive/functions/f").header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"env\":{\"API_TOKEN\":\"plain\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("both as env and as secrets")));
    }

    @Test
    void moduleNeedingMoreMemoryThanTheQuotaIsRefused() throws Exception {
        String token = tenantWithQuotas("tight", "{\"maxMemoryBytes\":65536}");

        upload("tight", "f", token, guest("hello-c/hello.wasm"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("maxMemoryBytes of 65536")));
        mvc.perform(get("/api/v1/tenants/tight/functions/f").header("Authorization", bearer(token)))
                .andExpect(status().isNotFound());
    }
}
