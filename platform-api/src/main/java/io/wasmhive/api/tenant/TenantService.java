package io.wasmhive.api.tenant;

import io.wasmhive.api.Names;
import io.wasmhive.api.auth.Tokens;
import io.wasmhive.api.change.ChangeNotifier;
import io.wasmhive.api.problem.BadRequestException;
import io.wasmhive.api.problem.ConflictException;
import io.wasmhive.api.problem.NotFoundException;
import io.wasmhive.storage.function.FunctionRepository;
import io.wasmhive.storage.module.ModuleRepository;
import io.wasmhive.storage.quota.QuotaDefaults;
import io.wasmhive.storage.quota.Quotas;
import io.wasmhive.storage.tenant.ApiKeyEntity;
import io.wasmhive.storage.tenant.ApiKeyRepository;
import io.wasmhive.storage.tenant.TenantEntity;
import io.wasmhive.storage.tenant.TenantRepository;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional
public class TenantService {

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final FunctionRepository functions;
    private final ModuleRepository modules;
    private final QuotaDefaults defaults;
    private final Clock clock;
    private final ChangeNotifier changes;

    TenantService(TenantRepository tenants, ApiKeyRepository keys, FunctionRepository functions,
            ModuleRepository modules, QuotaDefaults defaults, Clock clock, ChangeNotifier changes) {
        this.changes = changes;
        this.tenants = tenants;
        this.keys = keys;
        this.functions = functions;
        this.modules = modules;
        this.defaults = defaults;
        this.clock = clock;
    }

    public TenantView create(TenantRequests.Create request) {
        String name = Names.requireValid("tenant", request.name());
        Quotas quotas = requirePositive(request.quotas() == null ? Quotas.NONE : request.quotas());
        if (tenants.existsByName(name)) {
            throw new ConflictException("a tenant named '" + name + "' already exists");
        }
        return view(tenants.save(new TenantEntity(name, quotas, clock.instant())));
    }

    @Transactional(readOnly = true)
    public List<TenantView> list() {
        return tenants.findAllByOrderByNameAsc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public TenantView get(String name) {
        return view(require(name));
    }

    public TenantView update(String name, TenantRequests.Update request) {
        TenantEntity tenant = require(name);
        if (request.quotas() != null) {
            tenant.setQuotas(requirePositive(request.quotas()).orElse(tenant.getQuotas()));
            changes.tenantChanged(name);
        }
        return view(tenant);
    }

    public void delete(String name) {
        tenants.delete(require(name));
        tenants.flush();
        modules.deleteUnreferenced();
        changes.tenantChanged(name);
    }

    public KeyView createKey(String tenantName, TenantRequests.CreateKey request) {
        TenantEntity tenant = require(tenantName);
        String keyName = request == null || request.name() == null ? "default" : request.name().strip();
        if (keyName.isEmpty() || keyName.length() > 100) {
            throw new BadRequestException("a key name must be 1 to 100 characters long");
        }
        String token = Tokens.newToken();
        var key = keys.save(new ApiKeyEntity(UUID.randomUUID(), tenant.getId(), keyName, Tokens.sha256(token), clock.instant()));
        return new KeyView(key.getId(), key.getName(), token, key.getCreatedAt());
    }

    @Transactional(readOnly = true)
    public List<KeyView> listKeys(String tenantName) {
        return keys.findByTenantIdOrderByCreatedAtAsc(require(tenantName).getId()).stream()
                .map(key -> new KeyView(key.getId(), key.getName(), null, key.getCreatedAt()))
                .toList();
    }

    public void revokeKey(String tenantName, UUID keyId) {
        TenantEntity tenant = require(tenantName);
        var key = keys.findByIdAndTenantId(keyId, tenant.getId())
                .orElseThrow(() -> new NotFoundException("tenant '" + tenantName + "' has no key " + keyId));
        keys.delete(key);
    }

    /** The tenant by name, or a 404 that names it. */
    @Transactional(readOnly = true)
    public TenantEntity require(String name) {
        return tenants.findByName(name)
                .orElseThrow(() -> new NotFoundException("there is no tenant named '" + name + "'"));
    }

    @Transactional(readOnly = true)
    public String nameOf(long tenantId) {
        return tenants.findById(tenantId).map(TenantEntity::getName).orElseThrow();
    }

    /** The tenant's quotas with the platform defaults filled in. */
    public Quotas effectiveQuotas(TenantEntity tenant) {
        return defaults.effective(tenant.getQuotas());
    }

    private TenantView view(TenantEntity tenant) {
        var usage = new TenantView.Usage(functions.countByTenantId(tenant.getId()));
        return new TenantView(tenant.getName(), effectiveQuotas(tenant), tenant.getQuotas(), usage, tenant.getCreatedAt());
    }

    private static Quotas requirePositive(Quotas quotas) {
        boolean allPositive = Stream.of(quotas.maxFunctions(), quotas.maxModuleBytes(), quotas.maxMemoryBytes(),
                        quotas.maxFuelPerRequest(), quotas.maxTimeoutMillis(), quotas.requestsPerSecond(),
                        quotas.maxConcurrentRequests(), quotas.maxRequestBodyBytes())
                .allMatch(value -> value == null || value.longValue() > 0);
        if (!allPositive) {
            throw new BadRequestException("every quota must be a positive number; leave a quota out to use the platform default");
        }
        return quotas;
    }
}
