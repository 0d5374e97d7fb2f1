package io.wasmhive.executor.deployment;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.storage.quota.Quotas;
import java.util.Map;

/**
 * A function's active deployment with everything a request needs: which module, its
 * configuration, its effective limits and its tenant's effective quotas.
 */
public record ActiveFunction(
        long tenantId,
        long functionId,
        String tenant,
        String name,
        int version,
        String sha256,
        Map<String, String> env,
        ExecutionLimits limits,
        Quotas quotas) {

    public long maxRequestBodyBytes() {
        return quotas.maxRequestBodyBytes();
    }
}
