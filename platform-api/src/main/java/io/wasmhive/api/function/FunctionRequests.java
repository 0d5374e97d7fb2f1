package io.wasmhive.api.function;

import io.wasmhive.storage.quota.FunctionLimits;
import java.util.List;
import java.util.Map;

/** Request bodies of the function endpoints. */
public final class FunctionRequests {

    private FunctionRequests() {}

    /**
     * {@code PATCH}: each part given replaces the function's; parts left out stay as they are.
     * {@code secrets} are environment values stored encrypted and never shown again.
     */
    public record ConfigPatch(Map<String, String> env, Map<String, String> secrets, List<String> allowedOutboundHosts,
            FunctionLimits limits) {}

    /** {@code POST .../deployments}: make this version active (deploy or roll back). */
    public record Deploy(Integer version) {}
}
