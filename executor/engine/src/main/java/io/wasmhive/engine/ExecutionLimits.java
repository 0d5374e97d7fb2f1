package io.wasmhive.engine;

import java.time.Duration;
import java.util.Set;

/**
 * Every limit the sandbox applies to one request, in one place.
 *
 * @param memoryBytes    cap on the guest's linear memory; the module's own maximum is clamped to it
 *                       and a module whose initial memory is larger cannot run. Default 64 MiB.
 * @param fuel           deterministic budget of work (about one unit per wasm instruction, see
 *                       {@code FuelCosts}); the guest traps when it is spent. Default 1 billion.
 * @param timeout        wall-clock time the guest may run before it is interrupted; the backstop
 *                       for what fuel does not count (time blocked in the host). Default 10 s.
 * @param maxOutputBytes cap on what the guest may write to stdout (the response) before it fails.
 *                       Default 16 MiB.
 * @param maxStderrBytes how much of the guest's stderr is kept; the rest is dropped and marked as
 *                       truncated. Default 64 KiB.
 * @param allowedOutboundHosts hosts a wasi-http guest may send requests to ({@code host},
 *                       {@code host:port} or {@code *.domain}); anything else is denied. Default: none.
 * @param maxOutboundRequests outbound requests a guest may send per request. Default 8.
 */
public record ExecutionLimits(long memoryBytes, long fuel, Duration timeout, int maxOutputBytes, int maxStderrBytes,
        Set<String> allowedOutboundHosts, int maxOutboundRequests) {

    public static final ExecutionLimits DEFAULTS =
            new ExecutionLimits(64L << 20, 1_000_000_000L, Duration.ofSeconds(10), 16 << 20, 64 << 10, Set.of(), 8);

    public ExecutionLimits {
        if (memoryBytes <= 0 || fuel <= 0 || timeout.isNegative() || timeout.isZero() || maxOutputBytes <= 0
                || maxStderrBytes < 0 || maxOutboundRequests < 0) {
            throw new IllegalArgumentException("execution limits must be positive: " + memoryBytes + ", " + fuel
                    + ", " + timeout);
        }
        allowedOutboundHosts = Set.copyOf(allowedOutboundHosts);
    }

    public ExecutionLimits withMemoryBytes(long memoryBytes) {
        return new ExecutionLimits(memoryBytes, fuel, timeout, maxOutputBytes, maxStderrBytes, allowedOutboundHosts,
                maxOutboundRequests);
    }

    public ExecutionLimits withFuel(long fuel) {
        return new ExecutionLimits(memoryBytes, fuel, timeout, maxOutputBytes, maxStderrBytes, allowedOutboundHosts,
                maxOutboundRequests);
    }

    public ExecutionLimits withTimeout(Duration timeout) {
        return new ExecutionLimits(memoryBytes, fuel, timeout, maxOutputBytes, maxStderrBytes, allowedOutboundHosts,
                maxOutboundRequests);
    }

    public ExecutionLimits withMaxOutputBytes(int maxOutputBytes) {
        return new ExecutionLimits(memoryBytes, fuel, timeout, maxOutputBytes, maxStderrBytes, allowedOutboundHosts,
                maxOutboundRequests);
    }

    public ExecutionLimits withAllowedOutboundHosts(Set<String> allowedOutboundHosts) {
        return new ExecutionLimits(memoryBytes, fuel, timeout, maxOutputBytes, maxStderrBytes, allowedOutboundHosts,
                maxOutboundRequests);
    }
}
