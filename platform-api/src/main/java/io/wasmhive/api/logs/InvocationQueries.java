package io.wasmhive.api.logs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and trims the invocation history the executors write. */
@Repository
class InvocationQueries {

    private static final String STATS = """
            count(*) as requests,
            count(*) filter (where status >= 500) as errors,
            coalesce(percentile_cont(0.5) within group (order by duration_micros), 0) / 1000.0 as p50,
            coalesce(percentile_cont(0.99) within group (order by duration_micros), 0) / 1000.0 as p99,
            coalesce(sum(fuel_used), 0) as fuel""";

    private final JdbcClient jdbc;

    InvocationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first, filtered by what is given. */
    List<LogViews.Entry> recent(long functionId, int limit, Instant since, Integer status, Integer statusClass,
            String requestId) {
        var sql = new StringBuilder("""
                select request_id, started_at, version, method, path, status, problem, duration_micros, fuel_used,
                       memory_bytes, stdout, stderr, stderr_truncated
                from invocations where function_id = :function""");
        var params = new java.util.HashMap<String, Object>();
        params.put("function", functionId);
        if (since != null) {
            sql.append(" and started_at >= :since");
            params.put("since", Timestamp.from(since));
        }
        if (status != null) {
            sql.append(" and status = :status");
            params.put("status", status);
        }
        if (statusClass != null) {
            sql.append(" and status / 100 = :statusClass");
            params.put("statusClass", statusClass);
        }
        if (requestId != null) {
            sql.append(" and request_id = :requestId");
            params.put("requestId", requestId);
        }
        sql.append(" order by started_at desc, id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new LogViews.Entry(
                rs.getString("request_id"), rs.getTimestamp("started_at").toInstant(), rs.getInt("version"),
                rs.getString("method"), rs.getString("path"), rs.getInt("status"), rs.getString("problem"),
                rs.getLong("duration_micros") / 1000.0, rs.getLong("fuel_used"), rs.getLong("memory_bytes"),
                rs.getString("stdout"), rs.getString("stderr"), rs.getBoolean("stderr_truncated"))).list();
    }

    LogViews.Summary summary(long functionId, int windowMinutes, int bucketSeconds, Instant now) {
        var since = Timestamp.from(now.minusSeconds(windowMinutes * 60L));
        var total = jdbc.sql("select " + STATS + " from invocations where function_id = :function and started_at >= :since")
                .param("function", functionId).param("since", since)
                .query((rs, n) -> stats(rs)).single();
        var buckets = new ArrayList<LogViews.Bucket>();
        jdbc.sql("select date_bin(make_interval(secs => :bucket), started_at, timestamptz '2000-01-01') as bucket, "
                        + STATS + " from invocations where function_id = :function and started_at >= :since"
                        + " group by bucket order by bucket")
                .param("bucket", bucketSeconds).param("function", functionId).param("since", since)
                .query((rs, n) -> new LogViews.Bucket(rs.getTimestamp("bucket").toInstant(), stats(rs)))
                .list().forEach(buckets::add);
        return new LogViews.Summary(windowMinutes, bucketSeconds, total, buckets);
    }

    /** Deletes records older than {@code cutoff}, then all but the newest {@code keep} of each tenant. */
    int trim(Instant cutoff, int keep) {
        int old = jdbc.sql("delete from invocations where started_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
        int surplus = jdbc.sql("""
                delete from invocations where id in (
                    select id from (
                        select id, row_number() over (partition by tenant_id order by id desc) as position
                        from invocations) ranked
                    where position > :keep)""").param("keep", keep).update();
        return old + surplus;
    }

    private static LogViews.Stats stats(ResultSet rs) throws SQLException {
        long requests = rs.getLong("requests");
        long errors = rs.getLong("errors");
        long fuel = rs.getLong("fuel");
        return new LogViews.Stats(requests, errors, requests == 0 ? 0 : (double) errors / requests,
                rs.getDouble("p50"), rs.getDouble("p99"), fuel, requests == 0 ? 0 : (double) fuel / requests);
    }
}
