package io.wasmhive.executor.invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.executor.config.ExecutorProperties;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes invocation records to Postgres in batches, off the request path. The request thread only
 * offers a record to a bounded queue; when the queue is full the record is dropped and counted in
 * {@code wasmhive.invocation.logs.dropped}, so a flood of logging never slows a function.
 */
@Component
public class InvocationLog {

    private static final Logger log = LoggerFactory.getLogger(InvocationLog.class);
    private static final int BATCH = 500;
    private static final String INSERT = """
            insert into invocations (tenant_id, function_id, version, request_id, method, path, status, problem,
                duration_micros, fuel_used, memory_bytes, stdout, stderr, stderr_truncated, started_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final BlockingQueue<Invocation> queue;
    private final JdbcTemplate jdbc;
    private final Counter dropped;
    private final Counter written;
    private final Counter failed;
    private final Thread writer;
    private volatile boolean running = true;

    InvocationLog(ExecutorProperties properties, JdbcTemplate jdbc, MeterRegistry registry) {
        this.queue = new ArrayBlockingQueue<>(properties.logQueueCapacity());
        this.jdbc = jdbc;
        this.dropped = Counter.builder("wasmhive.invocation.logs.dropped")
                .description("Invocation records dropped because the write queue was full").register(registry);
        this.written = Counter.builder("wasmhive.invocation.logs.written")
                .description("Invocation records written to Postgres").register(registry);
        this.failed = Counter.builder("wasmhive.invocation.logs.failed")
                .description("Invocation records Postgres refused (their function was deleted)").register(registry);
        Gauge.builder("wasmhive.invocation.logs.queued", queue, BlockingQueue::size)
                .description("Invocation records waiting to be written").register(registry);
        this.writer = Thread.ofPlatform().daemon().name("invocation-log-writer").start(this::writeLoop);
    }

    /** Queues the record; never blocks. */
    public void record(Invocation invocation) {
        if (!queue.offer(invocation)) {
            dropped.increment();
        }
    }

    private void writeLoop() {
        var batch = new ArrayList<Invocation>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Invocation first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                log.warn("Could not write {} invocation records: {}", batch.size(), e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Invocation> batch) {
        try {
            insert(batch);
        } catch (DataIntegrityViolationException e) {
            // A record of a function deleted meanwhile fails the whole batch: keep the others.
            for (Invocation invocation : batch) {
                try {
                    insert(List.of(invocation));
                } catch (DataIntegrityViolationException gone) {
                    failed.increment();
                }
            }
        } catch (DataAccessException unreachable) {
            dropped.increment(batch.size()); // Postgres is away: drop rather than stall the writer
            log.warn("Dropped {} invocation records: {}", batch.size(), unreachable.getMessage());
        }
    }

    private void insert(List<Invocation> batch) {
        jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, i) -> {
                statement.setLong(1, i.tenantId());
                statement.setLong(2, i.functionId());
                statement.setInt(3, i.version());
                statement.setString(4, i.requestId());
                statement.setString(5, i.method());
                statement.setString(6, withoutNul(i.path()));
                statement.setInt(7, i.status());
                statement.setString(8, i.problem());
                statement.setLong(9, i.durationMicros());
                statement.setLong(10, i.fuelUsed());
                statement.setLong(11, i.memoryBytes());
                statement.setString(12, i.stdout());
                statement.setString(13, withoutNul(i.stderr()));
                statement.setBoolean(14, i.stderrTruncated());
                statement.setTimestamp(15, Timestamp.from(i.startedAt()));
            });
        written.increment(batch.size());
    }

    /** Postgres text cannot hold NUL, which a guest may well write. */
    private static String withoutNul(String text) {
        return text == null ? null : text.replace("\u0000", "\uFFFD");
    }

    @PreDestroy
    void flushAndStop() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(10));
    }
}
