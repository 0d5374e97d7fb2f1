package io.wasmhive.storage.quota;

/**
 * Limits a function asks for; null means "as much as the tenant's quota allows".
 *
 * @param memoryBytes   linear memory per instance
 * @param fuel          fuel per request
 * @param timeoutMillis wall-clock time per request
 */
public record FunctionLimits(Long memoryBytes, Long fuel, Long timeoutMillis) {

    public static final FunctionLimits UNSET = new FunctionLimits(null, null, null);

    /** The limits that apply: each the function's own setting, capped by the tenant's effective quota. */
    public FunctionLimits within(Quotas effectiveQuotas) {
        return new FunctionLimits(
                cap(memoryBytes, effectiveQuotas.maxMemoryBytes()),
                cap(fuel, effectiveQuotas.maxFuelPerRequest()),
                cap(timeoutMillis, effectiveQuotas.maxTimeoutMillis()));
    }

    private static Long cap(Long own, Long quota) {
        return own == null ? quota : Long.valueOf(Math.min(own, quota));
    }
}
