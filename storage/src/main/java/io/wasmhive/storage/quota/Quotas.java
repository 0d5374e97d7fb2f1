package io.wasmhive.storage.quota;

/**
 * A tenant's quotas. Any field may be null: null means "not set here", and {@link #orElse} fills
 * it from the level below (tenant override, then platform default).
 *
 * @param maxFunctions          functions a tenant may have
 * @param maxModuleBytes        size of one uploaded module
 * @param maxMemoryBytes        linear memory of one instance
 * @param maxFuelPerRequest     fuel one request may burn
 * @param maxTimeoutMillis      wall-clock time of one request
 * @param requestsPerSecond     request rate across the tenant's functions
 * @param maxConcurrentRequests requests of the tenant running at once
 * @param maxRequestBodyBytes   size of one request body
 */
public record Quotas(
        Integer maxFunctions,
        Long maxModuleBytes,
        Long maxMemoryBytes,
        Long maxFuelPerRequest,
        Long maxTimeoutMillis,
        Integer requestsPerSecond,
        Integer maxConcurrentRequests,
        Long maxRequestBodyBytes) {

    public static final Quotas NONE = new Quotas(null, null, null, null, null, null, null, null);

    /** This, with each unset field taken from {@code fallback}. */
    public Quotas orElse(Quotas fallback) {
        return new Quotas(
                pick(maxFunctions, fallback.maxFunctions),
                pick(maxModuleBytes, fallback.maxModuleBytes),
                pick(maxMemoryBytes, fallback.maxMemoryBytes),
                pick(maxFuelPerRequest, fallback.maxFuelPerRequest),
                pick(maxTimeoutMillis, fallback.maxTimeoutMillis),
                pick(requestsPerSecond, fallback.requestsPerSecond),
                pick(maxConcurrentRequests, fallback.maxConcurrentRequests),
                pick(maxRequestBodyBytes, fallback.maxRequestBodyBytes));
    }

    private static <T> T pick(T own, T fallback) {
        return own != null ? own : fallback;
    }
}
