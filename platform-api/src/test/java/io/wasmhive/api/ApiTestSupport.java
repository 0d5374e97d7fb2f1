package io.wasmhive.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.wasmhive.storage.Examples;
import io.wasmhive.storage.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/** The whole platform-api in one JVM against a fresh database on the real Postgres. */
@SpringBootTest(properties = {"wasmhive.admin-token=" + ApiTestSupport.ADMIN_TOKEN,
        "wasmhive.secrets.key=" + ApiTestSupport.SECRETS_KEY})
@AutoConfigureMockMvc
public abstract class ApiTestSupport {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final String SECRETS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static final String DATABASE = TestDatabase.create("api");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
    }

    @Autowired protected MockMvc mvc;

    private final JsonMapper json = JsonMapper.builder().build();

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected void createTenant(String name, String quotasJson) throws Exception {
        mvc.perform(post("/api/v1/tenants").header("Authorization", bearer(ADMIN_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"quotas\":" + quotasJson + "}"))
                .andReturn();
    }

    /** Creates a key for the tenant as the operator and returns its token. */
    protected String createKey(String tenant) throws Exception {
        var result = mvc.perform(post("/api/v1/tenants/" + tenant + "/keys").header("Authorization", bearer(ADMIN_TOKEN)))
                .andReturn();
        return json.readTree(result.getResponse().getContentAsString()).get("token").asString();
    }

    protected void uploadAsOperator(String tenant, String function, byte[] module) throws Exception {
        upload(tenant, function, ADMIN_TOKEN, module);
    }

    /** {@code PUT} of a module, as curl would send it. */
    protected ResultActions upload(String tenant, String function, String token, byte[] module) throws Exception {
        return mvc.perform(put("/api/v1/tenants/" + tenant + "/functions/" + function)
                .header("Authorization", bearer(token))
                .contentType("application/wasm")
                .content(module));
    }

    protected static byte[] guest(String relativePath) {
        return Examples.bytes(relativePath);
    }
}
