package io.wasmhive.executor.deployment;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.executor.config.ExecutorProperties;
import io.wasmhive.storage.function.FunctionEntity;
import io.wasmhive.storage.function.FunctionRepository;
import io.wasmhive.storage.function.FunctionVersionRepository;
import io.wasmhive.storage.quota.QuotaDefaults;
import io.wasmhive.storage.secret.SecretCipher;
import io.wasmhive.storage.tenant.TenantRepository;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads a function's active deployment and effective limits from Postgres. */
@Component
class DeploymentLookup {

    private final TenantRepository tenants;
    private final FunctionRepository functions;
    private final FunctionVersionRepository versions;
    private final QuotaDefaults quotaDefaults;
    private final ExecutorProperties properties;
    private final SecretCipher secrets;

    DeploymentLookup(TenantRepository tenants, FunctionRepository functions, FunctionVersionRepository versions,
            QuotaDefaults quotaDefaults, ExecutorProperties properties, SecretCipher secrets) {
        this.secrets = secrets;
        this.tenants = tenants;
        this.functions = functions;
        this.versions = versions;
        this.quotaDefaults = quotaDefaults;
        this.properties = properties;
    }

    /** The plain environment with the secrets decrypted: what the guest sees. */
    private Map<String, String> environment(FunctionEntity function) {
        var env = new HashMap<>(function.getEnv());
        function.getEncryptedSecrets().forEach((name, sealed) -> env.put(name, secrets.decrypt(sealed)));
        return Map.copyOf(env);
    }

    @Transactional(readOnly = true)
    Optional<ActiveFunction> find(String tenantName, String functionName) {
        return tenants.findByName(tenantName).flatMap(tenant -> functions.findByTenantIdAndName(tenant.getId(), functionName)
                .filter(function -> function.getActiveVersion() != null)
                .flatMap(function -> versions.findByFunctionIdAndVersion(function.getId(), function.getActiveVersion())
                        .map(version -> {
                            var quotas = quotaDefaults.effective(tenant.getQuotas());
                            var limits = function.getLimits().within(quotas);
                            var execution = new ExecutionLimits(limits.memoryBytes(), limits.fuel(),
                                    Duration.ofMillis(limits.timeoutMillis()), properties.maxOutputBytes(),
                                    properties.maxStderrBytes(), Set.copyOf(function.getAllowedOutboundHosts()),
                                    properties.maxOutboundRequests());
                            return new ActiveFunction(tenant.getId(), function.getId(), tenantName, functionName, version.getVersion(),
                                    version.getModuleSha256(), environment(function), execution, quotas);
                        })));
    }
}
