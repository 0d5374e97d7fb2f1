package io.wasmhive.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmhive.api.ApiTestSupport;
import io.wasmhive.storage.tenant.TenantRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Requests a hostile client sends, through the real Tomcat (so the container's own rejections
 * are seen too): each is a 400 or 413 problem, and nothing changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wasmhive.admin-token=" + ApiTestSupport.ADMIN_TOKEN)
@TestPropertySource(properties = "wasmhive.max-request-bytes=1000")
class HostileRequestTest extends ApiTestSupport {

    @LocalServerPort int port;
    @Autowired TenantRepository tenants;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.header("Authorization", bearer(ADMIN_TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2Fetc", "acme%00", "ACME", "%C3%A4cme", "a%2e%2e", "-leading-dash", "under_score"})
    void malformedNamesInThePathAre400Problems(String tenant) throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tenants/" + tenant
                + "/functions")).GET());

        assertThat(response.statusCode()).as(tenant).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("https://wasmhive.dev/problems/invalid-request").doesNotContain("<html");
    }

    @Test
    void oversizedJsonBodiesAre413AndCreateNothing() throws Exception {
        long before = tenants.count();
        String big = "{\"name\":\"big\",\"quotas\":{},\"padding\":\"" + "x".repeat(2000) + "\"}";

        var declared = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tenants"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));
        var chunked = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tenants"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("request-too-large");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("request-too-large");
        assertThat(tenants.count()).isEqualTo(before);
    }

    @Test
    void errorsOfTheContainerAreProblemsToo() throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/no/such/page")).GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
