package io.wasmhive.executor.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.executor.Deployments;
import io.wasmhive.storage.TestDatabase;
import io.wasmhive.storage.quota.FunctionLimits;
import io.wasmhive.storage.quota.Quotas;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Per-tenant rate and concurrency quotas and per-function circuits, answered as API.md says. */
@SpringBootTest(properties = {"wasmhive.executor.circuit.minimum-calls=4", "wasmhive.executor.circuit.window-size=4",
        "wasmhive.executor.circuit.open-for=30s"})
@AutoConfigureMockMvc
@Import(Deployments.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.create("guards"));
    }

    @Autowired MockMvc mvc;
    @Autowired Deployments deployments;
    @Autowired MeterRegistry meters;

    @BeforeAll
    void deploy() {
        deployments.deploy("slow-rate", new Quotas(null, null, null, null, null, 2, null, null), "hello",
                "hello-wat/hello.wasm", FunctionLimits.UNSET);
        deployments.deploy("one-at-a-time", new Quotas(null, null, null, Long.MAX_VALUE, null, 1000, 1, null), "spin",
                "fixtures/loop.wasm", new FunctionLimits(null, Long.MAX_VALUE, 1500L)); // spins until the timeout
        deployments.deploy("one-at-a-time", new Quotas(null, null, null, Long.MAX_VALUE, null, 1000, 1, null), "hello",
                "hello-wat/hello.wasm", FunctionLimits.UNSET);
        deployments.deploy("breaking", Quotas.NONE, "boom", "fixtures/trap.wasm", FunctionLimits.UNSET);
        deployments.deploy("breaking", Quotas.NONE, "fine", "hello-wat/hello.wasm", FunctionLimits.UNSET);
    }

    private MvcResult call(String path) throws Exception {
        return mvc.perform(get(path)).andReturn();
    }

    @Test
    void overTheRateQuotaIs429WithRetryAfter() throws Exception {
        call("/fn/slow-rate/hello"); // loads the function, so the burst below is quick
        Thread.sleep(1100);
        var statuses = new ArrayList<Integer>();
        MvcResult limited = null;
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            var result = call("/fn/slow-rate/hello");
            statuses.add(result.getResponse().getStatus());
            if (result.getResponse().getStatus() == 429) {
                limited = result;
            }
        }

        long periods = 1 + (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(statuses).contains(200, 429);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as("2 per second").isLessThanOrEqualTo(2 * (periods + 1));
        assertThat(limited.getResponse().getHeader("Retry-After")).isEqualTo("1");
        assertThat(limited.getResponse().getContentAsString()).contains("https://wasmhive.dev/problems/rate-limited");
    }

    @Test
    void overTheConcurrencyQuotaIs429WhileOtherTenantsRun() throws Exception {
        var spinning = CompletableFuture.supplyAsync(() -> {
            try {
                return call("/fn/one-at-a-time/spin").getResponse().getStatus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 400 && freeSlots("one-at-a-time") > 0; i++) {
            Thread.sleep(5); // until the spinning request holds the tenant's only slot
        }
        assertThat(freeSlots("one-at-a-time")).isZero();

        var refused = call("/fn/one-at-a-time/hello");

        assertThat(refused.getResponse().getStatus()).isEqualTo(429);
        assertThat(refused.getResponse().getContentAsString()).contains("concurrent requests");
        assertThat(call("/fn/breaking/fine").getResponse().getStatus()).as("another tenant runs").isEqualTo(200);
        assertThat(spinning.join()).isEqualTo(504);
        assertThat(call("/fn/one-at-a-time/hello").getResponse().getStatus()).isEqualTo(200);
    }

    private double freeSlots(String tenant) {
        var gauge = meters.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", tenant).gauge();
        return gauge == null ? 1 : gauge.value();
    }

    @Test
    void repeatedGuestFailuresOpenTheFunctionsCircuitOnly() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(call("/fn/breaking/boom").getResponse().getStatus()).isEqualTo(500);
        }

        var open = call("/fn/breaking/boom");
        assertThat(open.getResponse().getStatus()).isEqualTo(503);
        assertThat(open.getResponse().getContentAsString()).contains("https://wasmhive.dev/problems/function-unavailable");
        assertThat(Long.parseLong(open.getResponse().getHeader("Retry-After"))).isBetween(1L, 30L);
        assertThat(call("/fn/breaking/fine").getResponse().getStatus()).isEqualTo(200);
    }
}
