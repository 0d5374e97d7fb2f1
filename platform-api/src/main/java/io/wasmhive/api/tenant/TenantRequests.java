package io.wasmhive.api.tenant;

import io.wasmhive.storage.quota.Quotas;

/** Request bodies of the tenant endpoints. */
public final class TenantRequests {

    private TenantRequests() {}

    /** {@code POST /api/v1/tenants}; quotas left out take the platform defaults. */
    public record Create(String name, Quotas quotas) {}

    /** {@code PATCH /api/v1/tenants/{tenant}}: the quotas given replace the tenant's; the rest stay. */
    public record Update(Quotas quotas) {}

    /** {@code POST /api/v1/tenants/{tenant}/keys}. */
    public record CreateKey(String name) {}
}
