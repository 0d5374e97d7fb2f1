package io.wasmhive.executor.ingress;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.executor.Deployments;
import io.wasmhive.storage.TestDatabase;
import io.wasmhive.storage.quota.FunctionLimits;
import io.wasmhive.storage.quota.Quotas;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The executor's HTTP surface in one JVM, with deployments written straight into Postgres. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "wasmhive.executor.log-queue-capacity=1")
@AutoConfigureMockMvc
@Import(Deployments.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class IngressTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.create("executor"));
    }

    @Autowired MockMvc mvc;
    @Autowired Deployments deployments;
    @Autowired MeterRegistry meters;
    @Autowired DataSource dataSource;
    @LocalServerPort int port;

    @BeforeAll
    void deployHelloWithASmallBodyLimitAndASlowStream() {
        deployments.deploy("acme", new Quotas(null, null, null, null, null, 100_000, null, 16L), "hello",
                "hello-c/hello.wasm", FunctionLimits.UNSET, Map.of("HTTP_X_GREETING", "configured"));
        // writes "first\n", then "second\n" a second later
        deployments.deploy("acme", null, "slow", "components/stream-wat/stream.wasm", FunctionLimits.UNSET);
        deployments.deploy("acme", null, "echo", "components/echo-wat/echo.wasm", FunctionLimits.UNSET);
    }

    @Test
    void healthPathAnswersOutsideEveryFunction() throws Exception {
        mvc.perform(get("/.well-known/wasmhive/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ok"));
    }

    @Test
    void guestSeesItsConfiguredEnvironment() throws Exception {
        mvc.perform(get("/fn/acme/hello/x"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Powered-By", "wasmhive-hello-c"))
                .andExpect(content().string(containsString("greeting header: configured")));
    }

    @Test
    void bodyOverTheTenantsLimitIs413() throws Exception {
        mvc.perform(post("/fn/acme/hello").content("seventeen bytes!!"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/request-too-large"));
        mvc.perform(post("/fn/acme/hello").content("sixteen bytes!!!"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("body: sixteen bytes!!!")));
    }

    @Test
    void aFloodOfInvocationsDropsLogRecordsInsteadOfWaitingForThem() throws Exception {
        // The log writer is stuck behind a lock on its table, so its one-record queue stays full.
        try (var blocker = dataSource.getConnection(); var lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("lock table invocations in access exclusive mode");
            for (int i = 0; i < 200; i++) {
                mvc.perform(get("/fn/acme/hello/flood")).andExpect(status().isOk());
            }
            blocker.rollback();
        }

        assertThat(meters.get("wasmhive.invocation.logs.dropped").counter().count()).isPositive();
        assertThat(meters.get("wasmhive.requests").tag("tenant", "acme").tag("function", "hello").tag("status", "2xx")
                .counter().count()).isGreaterThanOrEqualTo(200);
        assertThat(meters.get("wasmhive.engine.queued").gauge().value()).isZero();
    }

    @Test
    void requestIdIsKeptWhenWellFormedAndMadeOtherwise() throws Exception {
        mvc.perform(get("/fn/acme/hello").header("x-request-id", "abc-123"))
                .andExpect(header().string("x-request-id", "abc-123"));
        mvc.perform(get("/fn/acme/hello").header("x-request-id", "bad id with spaces"))
                .andExpect(header().string("x-request-id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}")));
        mvc.perform(get("/fn/acme/missing")).andExpect(header().exists("x-request-id"));
    }

    @Test
    void unknownFunctionsAreNotTaggedByName() throws Exception {
        mvc.perform(get("/fn/acme/random-name-" + System.nanoTime())).andExpect(status().isNotFound());

        assertThat(meters.find("wasmhive.requests").tag("function", "_unknown").counter()).isNotNull();
        assertThat(meters.find("wasmhive.requests").meters().stream()
                .map(m -> m.getId().getTag("function")).filter(f -> f.startsWith("random-name"))).isEmpty();
    }

    @Test
    void unknownPathsAreProblems() throws Exception {
        mvc.perform(get("/nowhere"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/not-found"));
        mvc.perform(get("/fn/acme/missing"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://wasmhive.dev/problems/function-not-found"));
    }

    @Test
    void aClientGoneMidResponseIsLoggedAsSuchNotAsAFailure() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /fn/acme/slow/ HTTP/1.1\r\nHost: localhost\r\n"
                    + "x-request-id: gone-mid-response\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var received = new StringBuilder();
            var in = socket.getInputStream();
            while (!received.toString().contains("first\n")) {
                int b = in.read();
                assertThat(b).as("the response so far: %s", received).isNotNegative();
                received.append((char) b);
            }
            assertThat(received.toString()).startsWith("HTTP/1.1 200");
            socket.setSoLinger(true, 0); // closing resets the connection: the guest's next write fails at once
        }

        assertThat(outcomeOf("gone-mid-response")).containsExactly("499 client-gone");
        assertThat(meters.get("wasmhive.requests").tag("function", "slow").tag("problem", "client-gone")
                .tag("status", "4xx").counter().count()).isEqualTo(1);
    }

    @Test
    void aClientGoneMidBodyIsLoggedAsSuchAndNotAsTheExecutorsError(CapturedOutput output) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /fn/acme/echo/ HTTP/1.1\r\nHost: localhost\r\n"
                    + "x-request-id: gone-mid-body\r\nContent-Length: 15\r\n\r\nsome")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(50); // the request is under way, its body still coming
            socket.setSoLinger(true, 0); // closing resets the connection
        }

        assertThat(outcomeOf("gone-mid-body")).containsExactly("499 client-gone");
        assertThat(output).doesNotContain("Unexpected failure");
    }

    /** The invocation log's {@code status problem} for a request, once it is written. */
    private List<String> outcomeOf(String requestId) throws InterruptedException {
        var logged = new JdbcTemplate(dataSource);
        String sql = "select status || ' ' || problem from invocations where request_id = ?";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> outcome;
        while ((outcome = logged.queryForList(sql, String.class, requestId)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return outcome;
    }
}
