package io.wasmhive.executor.invocation;

import java.time.Instant;

/**
 * One finished invocation of a deployed function, as logged and measured.
 *
 * @param problem the problem slug it was answered with, {@code client-gone} (status 499) when the
 *                client went away before its answer was complete, or null for the guest's own answer
 * @param stdout  what the guest wrote to stdout when that is a log (wasi-http), else null
 */
public record Invocation(
        long tenantId,
        long functionId,
        String tenant,
        String function,
        int version,
        String requestId,
        String method,
        String path,
        int status,
        String problem,
        long durationMicros,
        long fuelUsed,
        long memoryBytes,
        long instantiationNanos,
        String stdout,
        String stderr,
        boolean stderrTruncated,
        Instant startedAt) {}
