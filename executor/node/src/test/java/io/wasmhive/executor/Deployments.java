package io.wasmhive.executor;

import io.wasmhive.storage.Examples;
import io.wasmhive.storage.function.FunctionEntity;
import io.wasmhive.storage.function.FunctionRepository;
import io.wasmhive.storage.function.FunctionVersionEntity;
import io.wasmhive.storage.function.FunctionVersionRepository;
import io.wasmhive.storage.module.ModuleRepository;
import io.wasmhive.storage.quota.FunctionLimits;
import io.wasmhive.storage.quota.Quotas;
import io.wasmhive.storage.tenant.TenantEntity;
import io.wasmhive.storage.tenant.TenantRepository;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.transaction.annotation.Transactional;

/** Writes deployments straight into Postgres, as platform-api would, for executor tests. */
@TestComponent
public class Deployments {

    private final TenantRepository tenants;
    private final FunctionRepository functions;
    private final FunctionVersionRepository versions;
    private final ModuleRepository modules;

    Deployments(TenantRepository tenants, FunctionRepository functions, FunctionVersionRepository versions,
            ModuleRepository modules) {
        this.tenants = tenants;
        this.functions = functions;
        this.versions = versions;
        this.modules = modules;
    }

    /** Deploys the example guest (a WAGI module, or a component under {@code components/}) as version 1 of the function, creating the tenant if needed. */
    @Transactional
    public void deploy(String tenantName, Quotas quotas, String functionName, String guest, FunctionLimits limits) {
        deploy(tenantName, quotas, functionName, guest, limits, Map.of());
    }

    @Transactional
    public void deploy(String tenantName, Quotas quotas, String functionName, String guest, FunctionLimits limits,
            Map<String, String> env) {
        byte[] module = Examples.bytes(guest);
        String sha256 = sha256(module);
        Instant now = Instant.now();
        var tenant = tenants.findByName(tenantName).orElseGet(() -> tenants.save(new TenantEntity(tenantName, quotas, now)));
        var function = new FunctionEntity(tenant.getId(), functionName, now);
        function.setEnv(env);
        function.setLimits(limits);
        function = functions.save(function);
        String abi = guest.startsWith("components/") ? "wasi-http" : "wagi"; // a label: the executor reads the module's own
        modules.storeIfAbsent(sha256, abi, module.length, module, now);
        versions.save(new FunctionVersionEntity(function.getId(), 1, sha256, abi, module.length, now));
        function.setActiveVersion(1);
    }


    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
