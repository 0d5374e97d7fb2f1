package io.wasmhive.api.function;

import io.wasmhive.storage.quota.FunctionLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the function endpoints answer. */
public final class FunctionViews {

    private FunctionViews() {}

    /** The answer to an upload. {@code deployedVersion} is the active version after it. */
    public record Upload(String name, String tenant, int version, String sha256, String abi,
            Integer deployedVersion, String url) {}

    public record Function(String name, String tenant, String abi, Integer activeVersion, String url,
            Config config, List<Version> versions, Instant createdAt, Instant updatedAt) {}

    /**
     * @param env             the plain environment
     * @param secrets         names of the secret environment values; their values are never shown
     * @param limits          what the function asks for (null: as much as the quota allows)
     * @param effectiveLimits what applies: each limit capped by the tenant's quota
     */
    public record Config(Map<String, String> env, List<String> secrets, List<String> allowedOutboundHosts,
            FunctionLimits limits, FunctionLimits effectiveLimits) {}

    public record Version(int version, String sha256, String abi, long sizeBytes, Instant createdAt, boolean active) {}

    public record Deployment(int version, String deployedBy, Instant deployedAt) {}
}
