package io.wasmhive.executor.node;

import io.wasmhive.executor.config.ExecutorProperties;
import io.wasmhive.executor.deployment.ModuleCache;
import io.wasmhive.executor.invocation.InvocationRecorder;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Announces this executor in {@code executor_nodes} and counts the live nodes, which share each
 * tenant's rate quota. A node unseen for three heartbeats is not live; one unseen for an hour is
 * removed. Without Postgres the last count stands.
 */
@Component
public class NodeHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final UUID id = UUID.randomUUID();
    private final Instant startedAt = Instant.now();
    private final String address;
    private final JdbcClient jdbc;
    private final ExecutorProperties properties;
    private final InvocationRecorder invocations;
    private final ModuleCache modules;
    private volatile int liveNodes = 1;

    NodeHeartbeat(JdbcClient jdbc, ExecutorProperties properties, InvocationRecorder invocations, ModuleCache modules,
            @Value("${server.port:8081}") int port) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.invocations = invocations;
        this.modules = modules;
        this.address = properties.nodeAddress().isBlank() ? hostName() + ":" + port : properties.nodeAddress();
    }

    /** Live executor nodes, this one included: at least 1. */
    public int liveNodes() {
        return liveNodes;
    }

    @Scheduled(fixedDelayString = "${wasmhive.executor.heartbeat-interval:5s}")
    void beat() {
        try {
            var now = Timestamp.from(Instant.now());
            jdbc.sql("""
                    insert into executor_nodes (id, address, version, started_at, last_seen, in_flight, functions_loaded,
                        heap_used_bytes)
                    values (:id, :address, :version, :started, :now, :inFlight, :loaded, :heap)
                    on conflict (id) do update
                    set last_seen = :now, in_flight = :inFlight, functions_loaded = :loaded, heap_used_bytes = :heap""")
                    .param("id", id).param("address", address).param("version", properties.version())
                    .param("started", Timestamp.from(startedAt)).param("now", now)
                    .param("inFlight", invocations.inFlight()).param("loaded", modules.loaded())
                    .param("heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                    .update();
            var liveSince = Timestamp.from(Instant.now().minus(properties.heartbeatInterval().multipliedBy(3)));
            liveNodes = Math.max(1, jdbc.sql("select count(*) from executor_nodes where last_seen > :since")
                    .param("since", liveSince).query(Integer.class).single());
            jdbc.sql("delete from executor_nodes where last_seen < :gone")
                    .param("gone", Timestamp.from(Instant.now().minusSeconds(3600))).update();
        } catch (DataAccessException e) {
            log.warn("Heartbeat failed, keeping {} live nodes: {}", liveNodes, e.getMessage());
        }
    }

    /** Leaves the node list at once, so the others take over its share; never holds up shutdown. */
    @PreDestroy
    void leave() throws InterruptedException {
        var leaving = Thread.ofVirtual().start(() -> {
            try {
                jdbc.sql("delete from executor_nodes where id = :id").param("id", id).update();
            } catch (DataAccessException e) {
                log.debug("Could not remove this node's heartbeat: {}", e.getMessage());
            }
        });
        leaving.join(java.time.Duration.ofSeconds(2));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
