package io.wasmhive.api.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmhive.api.ApiTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"wasmhive.logs.retention=1h", "wasmhive.logs.max-per-tenant=5"})
class LogRetentionTest extends ApiTestSupport {

    @Autowired LogService logs;
    @Autowired JdbcClient jdbc;

    @Test
    void historyIsTrimmedByAgeAndByCountPerTenant() throws Exception {
        createTenant("keeper", "{}");
        uploadAsOperator("keeper", "f", guest("hello-wat/hello.wasm"));
        long functionId = jdbc.sql("select f.id from functions f join tenants t on t.id = f.tenant_id where t.name = 'keeper'")
                .query(Long.class).single();
        long tenantId = jdbc.sql("select id from tenants where name = 'keeper'").query(Long.class).single();
        Instant now = Instant.now();
        for (int i = 0; i < 8; i++) {
            insert(tenantId, functionId, "fresh-" + i, now.minusSeconds(i));
        }
        insert(tenantId, functionId, "ancient", now.minus(Duration.ofHours(2)));

        logs.trim();

        var kept = jdbc.sql("select request_id from invocations where tenant_id = :t order by id")
                .param("t", tenantId).query(String.class).list();
        assertThat(kept).hasSize(5).doesNotContain("ancient", "fresh-0", "fresh-1", "fresh-2");
    }

    private void insert(long tenantId, long functionId, String requestId, Instant at) {
        jdbc.sql("""
                insert into invocations (tenant_id, function_id, version, request_id, method, path, status,
                    duration_micros, fuel_used, memory_bytes, started_at)
                values (:t, :f, 1, :r, 'GET', '/', 200, 100, 10, 65536, :at)""")
                .param("t", tenantId).param("f", functionId).param("r", requestId).param("at", Timestamp.from(at))
                .update();
    }
}
