package io.wasmhive.api.tenant;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wasmhive.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

class TenantApiTest extends ApiTestSupport {

    @Test
    void createdTenantShowsEffectiveQuotasAndItsOverrides() throws Exception {
        mvc.perform(post("/api/v1/tenants").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"quota-view\",\"quotas\":{\"maxFunctions\":3}}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.quotas.maxFunctions").value(3))
                .andExpect(jsonPath("$.quotas.maxModuleBytes").value(67108864))
                .andExpect(jsonPath("$.overrides.maxFunctions").value(3))
                .andExpect(jsonPath("$.usage.functions").value(0));

        mvc.perform(patch("/api/v1/tenants/quota-view").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"quotas\":{\"requestsPerSecond\":5}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.quotas.maxFunctions").value(3))
                .andExpect(jsonPath("$.quotas.requestsPerSecond").value(5));
    }

    @Test
    void duplicateAndInvalidTenantsAreRefused() throws Exception {
        createTenant("twice", "{}");

        mvc.perform(post("/api/v1/tenants").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"twice\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("already exists")));
        mvc.perform(post("/api/v1/tenants").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"../etc\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/tenants").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"neg\",\"quotas\":{\"maxFunctions\":0}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("positive")));
        mvc.perform(post("/api/v1/tenants").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/invalid-request"));
    }

    @Test
    void keyIsShownOnceAndRevokedAtOnce() throws Exception {
        createTenant("revoker", "{}");
        var created = mvc.perform(post("/api/v1/tenants/revoker/keys").header("Authorization", bearer(ADMIN_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"ci\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token").value(startsWith("whk_")))
                .andReturn();
        var key = JsonMapper.builder().build().readTree(created.getResponse().getContentAsString());
        String token = key.get("token").asString();
        mvc.perform(get("/api/v1/tenants/revoker/functions").header("Authorization", bearer(token)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenants/revoker/keys").header("Authorization", bearer(ADMIN_TOKEN)))
                .andExpect(jsonPath("$[0].name").value("ci"))
                .andExpect(jsonPath("$[0].token").doesNotExist());

        mvc.perform(delete("/api/v1/tenants/revoker/keys/" + key.get("id").asString())
                        .header("Authorization", bearer(ADMIN_TOKEN)))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/tenants/revoker/functions").header("Authorization", bearer(token)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void deletingATenantTakesItsFunctions() throws Exception {
        createTenant("doomed", "{}");
        uploadAsOperator("doomed", "f", guest("hello-wat/hello.wasm"));

        mvc.perform(delete("/api/v1/tenants/doomed").header("Authorization", bearer(ADMIN_TOKEN)))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/tenants/doomed/functions").header("Authorization", bearer(ADMIN_TOKEN)))
                .andExpect(status().isNotFound());
    }
}
