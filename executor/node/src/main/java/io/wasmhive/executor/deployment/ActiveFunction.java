package io.wasmhive.executor.deployment;

import io.wasmhive.engine.ExecutionLimits;
import java.util.Map;

/**
 * A function's active deployment with everything a request needs: which module, its
 * configuration and its effective limits.
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
        long maxRequestBodyBytes) {}
