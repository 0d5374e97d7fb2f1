package io.wasmhive.api.tenant;

import io.wasmhive.api.auth.TenantAccessible;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenants and their keys: the operator's business, except that a tenant may read itself. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TenantView create(@RequestBody TenantRequests.Create request) {
        return tenants.create(request);
    }

    @GetMapping
    List<TenantView> list() {
        return tenants.list();
    }

    @GetMapping("/{tenant}")
    @TenantAccessible
    TenantView get(@PathVariable String tenant) {
        return tenants.get(tenant);
    }

    @PatchMapping("/{tenant}")
    TenantView update(@PathVariable String tenant, @RequestBody TenantRequests.Update request) {
        return tenants.update(tenant, request);
    }

    @DeleteMapping("/{tenant}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String tenant) {
        tenants.delete(tenant);
    }

    @PostMapping("/{tenant}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    KeyView createKey(@PathVariable String tenant, @RequestBody(required = false) TenantRequests.CreateKey request) {
        return tenants.createKey(tenant, request);
    }

    @GetMapping("/{tenant}/keys")
    List<KeyView> listKeys(@PathVariable String tenant) {
        return tenants.listKeys(tenant);
    }

    @DeleteMapping("/{tenant}/keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeKey(@PathVariable String tenant, @PathVariable UUID id) {
        tenants.revokeKey(tenant, id);
    }
}
