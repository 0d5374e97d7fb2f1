package io.wasmhive.api.logs;

import java.time.Instant;
import java.util.List;

/** What the log endpoints answer. */
public final class LogViews {

    private LogViews() {}

    /** One invocation: its answer, cost and the guest's own output. */
    public record Entry(String requestId, Instant time, int version, String method, String path, int status,
            String problem, double durationMillis, long fuel, long memoryBytes, String stdout, String stderr,
            boolean stderrTruncated) {}

    /** A window of a function's traffic, with per-interval buckets for charts. */
    public record Summary(int windowMinutes, int bucketSeconds, Stats total, List<Bucket> buckets) {}

    public record Stats(long requests, long errors, double errorRate, double p50Millis, double p99Millis,
            long fuel, double fuelPerRequest) {}

    public record Bucket(Instant start, Stats stats) {}
}
