package io.wasmhive.api.tenant;

import io.wasmhive.storage.quota.Quotas;
import java.time.Instant;

/**
 * A tenant as the API shows it.
 *
 * @param quotas    the effective quotas: the tenant's own overrides, the rest platform defaults
 * @param overrides only what was set for this tenant
 * @param usage     what the tenant uses of its countable quotas
 */
public record TenantView(String name, Quotas quotas, Quotas overrides, Usage usage, Instant createdAt) {

    public record Usage(long functions) {}
}
