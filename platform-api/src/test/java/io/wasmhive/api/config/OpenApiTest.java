package io.wasmhive.api.config;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wasmhive.api.ApiTestSupport;
import org.junit.jupiter.api.Test;

class OpenApiTest extends ApiTestSupport {

    @Test
    void openApiDocumentDescribesTheApiWithoutAToken() throws Exception {
        mvc.perform(get("/api/openapi"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.info.title").value("Wasmhive platform API"))
                .andExpect(jsonPath("$.paths['/api/v1/tenants/{tenant}/functions/{name}'].put").exists())
                .andExpect(jsonPath("$.components.securitySchemes.bearer.scheme").value("bearer"));
    }
}
