package io.wasmhive.api.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The executor fleet as the nodes report it through their heartbeats (operator only). */
@RestController
class NodeController {

    /** A node is live while its last heartbeat is this recent (three executor heartbeats). */
    private static final Duration LIVE = Duration.ofSeconds(15);

    /**
     * @param heapUsedBytes          the node's JVM heap in use at its last heartbeat
     * @param memoryPerFunctionBytes heap in use divided by the functions it holds compiled
     */
    record NodeView(UUID id, String address, String version, Instant startedAt, Instant lastSeen, boolean live,
            int inFlight, int functionsLoaded, long heapUsedBytes, Long memoryPerFunctionBytes) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    NodeController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/api/v1/nodes")
    List<NodeView> nodes() {
        Instant liveSince = clock.instant().minus(LIVE);
        return jdbc.sql("select * from executor_nodes order by started_at").query((rs, n) -> {
            Instant lastSeen = rs.getTimestamp("last_seen").toInstant();
            int loaded = rs.getInt("functions_loaded");
            long heap = rs.getLong("heap_used_bytes");
            return new NodeView(rs.getObject("id", UUID.class), rs.getString("address"), rs.getString("version"),
                    rs.getTimestamp("started_at").toInstant(), lastSeen, lastSeen.isAfter(liveSince),
                    rs.getInt("in_flight"), loaded, heap, loaded == 0 ? null : heap / loaded);
        }).list();
    }
}
