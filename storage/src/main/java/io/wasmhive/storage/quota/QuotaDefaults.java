package io.wasmhive.storage.quota;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's quotas for tenants that set none of their own ({@code wasmhive.quotas.*}).
 *
 * @param maxFunctions          default 100
 * @param maxModuleBytes        default 64 MiB (a JavaScript component is about 15 MiB)
 * @param maxMemoryBytes        default 256 MiB per instance
 * @param maxFuelPerRequest     default 10 billion
 * @param maxTimeoutMillis      default 30 s
 * @param requestsPerSecond     default 100
 * @param maxConcurrentRequests default 20
 * @param maxRequestBodyBytes   default 10 MiB
 */
@ConfigurationProperties("wasmhive.quotas")
public record QuotaDefaults(
        @DefaultValue("100") int maxFunctions,
        @DefaultValue("67108864") long maxModuleBytes,
        @DefaultValue("268435456") long maxMemoryBytes,
        @DefaultValue("10000000000") long maxFuelPerRequest,
        @DefaultValue("30000") long maxTimeoutMillis,
        @DefaultValue("100") int requestsPerSecond,
        @DefaultValue("20") int maxConcurrentRequests,
        @DefaultValue("10485760") long maxRequestBodyBytes) {

    public Quotas asQuotas() {
        return new Quotas(maxFunctions, maxModuleBytes, maxMemoryBytes, maxFuelPerRequest, maxTimeoutMillis,
                requestsPerSecond, maxConcurrentRequests, maxRequestBodyBytes);
    }

    /** A tenant's effective quotas: its own overrides, the rest from these defaults. */
    public Quotas effective(Quotas overrides) {
        return overrides.orElse(asQuotas());
    }
}
