package io.wasmhive.api.function;

import io.wasmhive.api.Names;
import io.wasmhive.api.auth.Caller;
import io.wasmhive.api.change.ChangeNotifier;
import io.wasmhive.api.config.PlatformProperties;
import io.wasmhive.api.problem.BadRequestException;
import io.wasmhive.api.problem.NotFoundException;
import io.wasmhive.api.problem.QuotaExceededException;
import io.wasmhive.api.tenant.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.ModuleInfo;
import io.wasmhive.engine.ModuleInspector;
import io.wasmhive.storage.function.DeploymentEntity;
import io.wasmhive.storage.function.DeploymentRepository;
import io.wasmhive.storage.function.FunctionEntity;
import io.wasmhive.storage.function.FunctionRepository;
import io.wasmhive.storage.function.FunctionVersionEntity;
import io.wasmhive.storage.function.FunctionVersionRepository;
import io.wasmhive.storage.module.ModuleRepository;
import io.wasmhive.storage.quota.Quotas;
import io.wasmhive.storage.secret.SecretCipher;
import io.wasmhive.storage.tenant.TenantEntity;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Upload, deploy, roll back and configure functions. Each call is one transaction. */
@Service
@Transactional
public class FunctionService {

    /** An upload's outcome; {@code created} tells a new function from a new version of one. */
    public record UploadOutcome(FunctionViews.Upload upload, boolean created, boolean changed) {}

    private final TenantService tenants;
    private final FunctionRepository functions;
    private final FunctionVersionRepository versions;
    private final DeploymentRepository deployments;
    private final ModuleRepository modules;
    private final PlatformProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SecretCipher secrets;
    private final ChangeNotifier changes;

    FunctionService(TenantService tenants, FunctionRepository functions, FunctionVersionRepository versions,
            DeploymentRepository deployments, ModuleRepository modules, PlatformProperties properties, Clock clock,
            MeterRegistry meters, SecretCipher secrets, ChangeNotifier changes) {
        this.meters = meters;
        this.changes = changes;
        this.secrets = secrets;
        this.tenants = tenants;
        this.functions = functions;
        this.versions = versions;
        this.deployments = deployments;
        this.modules = modules;
        this.properties = properties;
        this.clock = clock;
    }

    /** The largest module the tenant may upload, checked before the body is read. */
    @Transactional(readOnly = true)
    public long maxModuleBytes(String tenantName) {
        return tenants.effectiveQuotas(tenants.require(tenantName)).maxModuleBytes();
    }

    /**
     * Validates the module, stores it once by hash, adds a version and (unless {@code deploy} is
     * false) makes it active. Uploading the active version's bytes again changes nothing.
     */
    public UploadOutcome upload(Caller caller, String tenantName, String functionName, byte[] bytes, boolean deploy) {
        Names.requireValid("function", functionName);
        TenantEntity tenant = tenants.require(tenantName);
        Quotas quotas = tenants.effectiveQuotas(tenant);
        ModuleInfo info;
        try {
            info = ModuleInspector.inspect(bytes);
        } catch (InvalidModuleException rejected) {
            count("wasmhive.uploads.rejected", tenantName);
            throw rejected;
        }
        if (info.initialMemoryBytes() > quotas.maxMemoryBytes()) {
            throw new BadRequestException("the module needs " + info.initialMemoryBytes() + " bytes of memory to start,"
                    + " more than the tenant's maxMemoryBytes of " + quotas.maxMemoryBytes());
        }
        String sha256 = sha256(bytes);
        Instant now = clock.instant();

        var existing = functions.findByTenantIdAndName(tenant.getId(), functionName);
        if (existing.isEmpty() && functions.countByTenantId(tenant.getId()) >= quotas.maxFunctions()) {
            throw new QuotaExceededException("tenant '" + tenantName + "' already has its quota of "
                    + quotas.maxFunctions() + " functions; delete one or ask for a larger maxFunctions");
        }
        FunctionEntity function = existing.orElseGet(() -> functions.save(new FunctionEntity(tenant.getId(), functionName, now)));

        var active = activeVersion(function);
        if (active != null && active.getModuleSha256().equals(sha256)) {
            return new UploadOutcome(uploadView(tenantName, function, active), false, false);
        }
        modules.storeIfAbsent(sha256, info.abi().id(), bytes.length, bytes, now);
        count("wasmhive.uploads", tenantName);
        int number = versions.findLatestVersion(function.getId()) + 1;
        var version = versions.save(new FunctionVersionEntity(function.getId(), number, sha256, info.abi().id(), bytes.length, now));
        if (deploy) {
            activate(caller, function, number, now);
            changes.functionChanged(tenantName, functionName);
        }
        function.touch(now);
        return new UploadOutcome(uploadView(tenantName, function, version), existing.isEmpty(), true);
    }

    /** The id of a tenant's function, or a 404 that names what is missing. */
    @Transactional(readOnly = true)
    public long idOf(String tenantName, String functionName) {
        return require(tenants.require(tenantName), functionName).getId();
    }

    @Transactional(readOnly = true)
    public List<FunctionViews.Function> list(String tenantName) {
        TenantEntity tenant = tenants.require(tenantName);
        return functions.findByTenantIdOrderByNameAsc(tenant.getId()).stream().map(f -> view(tenant, f)).toList();
    }

    @Transactional(readOnly = true)
    public FunctionViews.Function get(String tenantName, String functionName) {
        TenantEntity tenant = tenants.require(tenantName);
        return view(tenant, require(tenant, functionName));
    }

    public FunctionViews.Function configure(String tenantName, String functionName, FunctionRequests.ConfigPatch patch) {
        TenantEntity tenant = tenants.require(tenantName);
        FunctionEntity function = require(tenant, functionName);
        var clash = new TreeSet<>(patch.env() != null ? patch.env().keySet() : function.getEnv().keySet());
        clash.retainAll(patch.secrets() != null ? patch.secrets().keySet() : function.getEncryptedSecrets().keySet());
        if (!clash.isEmpty()) {
            throw new BadRequestException("environment variables " + clash + " are given both as env and as secrets;"
                    + " each name may be one or the other");
        }
        if (patch.env() != null) {
            function.setEnv(FunctionConfigRules.requireValidEnv(patch.env()));
        }
        if (patch.secrets() != null) {
            if (!secrets.configured()) {
                throw new BadRequestException("this platform has no WASMHIVE_SECRETS_KEY, so it cannot store secrets;"
                        + " ask the operator to set one, or pass the value in env");
            }
            var encrypted = new TreeMap<String, String>();
            FunctionConfigRules.requireValidEnv(patch.secrets()).forEach((name, value) -> encrypted.put(name, secrets.encrypt(value)));
            function.setEncryptedSecrets(encrypted);
        }

        if (patch.allowedOutboundHosts() != null) {
            function.setAllowedOutboundHosts(FunctionConfigRules.requireValidHosts(patch.allowedOutboundHosts()));
        }
        if (patch.limits() != null) {
            function.setLimits(FunctionConfigRules.requireWithinQuota(patch.limits(), tenants.effectiveQuotas(tenant)));
        }
        function.touch(clock.instant());
        changes.functionChanged(tenantName, functionName);
        return view(tenant, function);
    }

    public void delete(String tenantName, String functionName) {
        TenantEntity tenant = tenants.require(tenantName);
        functions.delete(require(tenant, functionName));
        functions.flush();
        modules.deleteUnreferenced();
        changes.functionChanged(tenantName, functionName);
    }

    @Transactional(readOnly = true)
    public List<FunctionViews.Version> versions(String tenantName, String functionName) {
        FunctionEntity function = require(tenants.require(tenantName), functionName);
        return versions.findByFunctionIdOrderByVersionDesc(function.getId()).stream()
                .map(v -> versionView(function, v))
                .toList();
    }

    /** Makes an uploaded version active: a deploy when it is newer, a rollback when older. */
    public FunctionViews.Deployment deploy(Caller caller, String tenantName, String functionName, FunctionRequests.Deploy request) {
        FunctionEntity function = require(tenants.require(tenantName), functionName);
        if (request == null || request.version() == null) {
            throw new BadRequestException("give the version to deploy, as {\"version\": N}");
        }
        versions.findByFunctionIdAndVersion(function.getId(), request.version())
                .orElseThrow(() -> new NotFoundException("function '" + functionName + "' has no version "
                        + request.version() + "; see its versions for the ones that exist"));
        Instant now = clock.instant();
        Integer previous = function.getActiveVersion();
        var deployment = activate(caller, function, request.version(), now);
        changes.functionChanged(tenantName, functionName);
        if (previous != null && request.version() < previous) {
            count("wasmhive.rollbacks", tenantName);
        }
        function.touch(now);
        return deploymentView(deployment);
    }

    @Transactional(readOnly = true)
    public List<FunctionViews.Deployment> deployments(String tenantName, String functionName) {
        FunctionEntity function = require(tenants.require(tenantName), functionName);
        return deployments.findByFunctionIdOrderByDeployedAtDescIdDesc(function.getId()).stream()
                .map(FunctionService::deploymentView)
                .toList();
    }

    private void count(String meter, String tenant) {
        meters.counter(meter, "tenant", tenant).increment();
    }

    private DeploymentEntity activate(Caller caller, FunctionEntity function, int version, Instant now) {
        meters.counter("wasmhive.deploys", "tenant", tenants.nameOf(function.getTenantId())).increment();
        function.setActiveVersion(version);
        return deployments.save(new DeploymentEntity(function.getId(), version, caller.label(), now));
    }

    private FunctionEntity require(TenantEntity tenant, String functionName) {
        return functions.findByTenantIdAndName(tenant.getId(), functionName)
                .orElseThrow(() -> new NotFoundException("tenant '" + tenant.getName() + "' has no function named '"
                        + functionName + "'"));
    }

    private FunctionVersionEntity activeVersion(FunctionEntity function) {
        Integer active = function.getActiveVersion();
        return active == null ? null : versions.findByFunctionIdAndVersion(function.getId(), active).orElse(null);
    }

    private FunctionViews.Upload uploadView(String tenantName, FunctionEntity function, FunctionVersionEntity version) {
        return new FunctionViews.Upload(function.getName(), tenantName, version.getVersion(), version.getModuleSha256(),
                version.getAbi(), function.getActiveVersion(), properties.functionUrl(tenantName, function.getName()));
    }

    private FunctionViews.Function view(TenantEntity tenant, FunctionEntity function) {
        var allVersions = versions.findByFunctionIdOrderByVersionDesc(function.getId()).stream()
                .map(v -> versionView(function, v))
                .toList();
        String abi = allVersions.stream().filter(FunctionViews.Version::active).map(FunctionViews.Version::abi)
                .findFirst().orElse(null);
        var limits = function.getLimits();
        var config = new FunctionViews.Config(function.getEnv(), List.copyOf(function.getEncryptedSecrets().keySet()),
                function.getAllowedOutboundHosts(), limits, limits.within(tenants.effectiveQuotas(tenant)));
        return new FunctionViews.Function(function.getName(), tenant.getName(), abi, function.getActiveVersion(),
                properties.functionUrl(tenant.getName(), function.getName()), config, allVersions,
                function.getCreatedAt(), function.getUpdatedAt());
    }

    private static FunctionViews.Version versionView(FunctionEntity function, FunctionVersionEntity version) {
        return new FunctionViews.Version(version.getVersion(), version.getModuleSha256(), version.getAbi(),
                version.getSizeBytes(), version.getCreatedAt(),
                Objects.equals(function.getActiveVersion(), version.getVersion()));
    }

    private static FunctionViews.Deployment deploymentView(DeploymentEntity deployment) {
        return new FunctionViews.Deployment(deployment.getVersion(), deployment.getDeployedBy(), deployment.getDeployedAt());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
