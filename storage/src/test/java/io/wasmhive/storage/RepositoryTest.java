package io.wasmhive.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.wasmhive.storage.function.DeploymentEntity;
import io.wasmhive.storage.function.DeploymentRepository;
import io.wasmhive.storage.function.FunctionEntity;
import io.wasmhive.storage.function.FunctionRepository;
import io.wasmhive.storage.function.FunctionVersionEntity;
import io.wasmhive.storage.function.FunctionVersionRepository;
import io.wasmhive.storage.module.ModuleRepository;
import io.wasmhive.storage.quota.FunctionLimits;
import io.wasmhive.storage.quota.Quotas;
import io.wasmhive.storage.tenant.ApiKeyEntity;
import io.wasmhive.storage.tenant.ApiKeyRepository;
import io.wasmhive.storage.tenant.TenantEntity;
import io.wasmhive.storage.tenant.TenantRepository;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Flyway builds the schema on an empty database and Hibernate validates the entities against it. */
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=validate")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class RepositoryTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.create("storage"));
    }

    @Autowired TenantRepository tenants;
    @Autowired ApiKeyRepository keys;
    @Autowired ModuleRepository modules;
    @Autowired FunctionRepository functions;
    @Autowired FunctionVersionRepository versions;
    @Autowired DeploymentRepository deployments;
    @Autowired EntityManager entityManager;

    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void tenantKeepsItsQuotaOverridesAndLeavesTheRestUnset() {
        var quotas = new Quotas(5, null, 1L << 20, null, 2000L, null, 3, null);
        tenants.saveAndFlush(new TenantEntity("acme", quotas, now));
        entityManager.clear();

        var loaded = tenants.findByName("acme").orElseThrow();

        assertThat(loaded.getQuotas()).isEqualTo(quotas);
    }

    @Test
    void apiKeyIsFoundByItsTokenHash() {
        var tenant = tenants.save(new TenantEntity("acme", Quotas.NONE, now));
        byte[] hash = {1, 2, 3, 4};
        var id = UUID.randomUUID();
        keys.saveAndFlush(new ApiKeyEntity(id, tenant.getId(), "ci", hash, now));

        assertThat(keys.findByTokenHash(new byte[] {1, 2, 3, 4})).map(ApiKeyEntity::getId).contains(id);
        assertThat(keys.findByTokenHash(new byte[] {9})).isEmpty();
    }

    @Test
    void moduleBytesAreWrittenOncePerHash() {
        modules.storeIfAbsent("a".repeat(64), "wagi", 3, new byte[] {1, 2, 3}, now);
        modules.storeIfAbsent("a".repeat(64), "wagi", 3, new byte[] {1, 2, 3}, now);

        assertThat(modules.count()).isEqualTo(1);
        assertThat(modules.findBytes("a".repeat(64))).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    }

    @Test
    void functionWithVersionsDeploymentsEnvAndHosts() {
        var tenant = tenants.save(new TenantEntity("acme", Quotas.NONE, now));
        var function = new FunctionEntity(tenant.getId(), "hello", now);
        function.setEnv(Map.of("GREETING", "hi"));
        function.setEncryptedSecrets(Map.of("TOKEN", "v1:sealed"));
        function.setAllowedOutboundHosts(List.of("api.example.com"));
        function.setLimits(new FunctionLimits(1L << 20, null, 500L));
        function = functions.saveAndFlush(function);
        modules.storeIfAbsent("b".repeat(64), "wagi", 1, new byte[] {0}, now);
        versions.save(new FunctionVersionEntity(function.getId(), 1, "b".repeat(64), "wagi", 1, now));
        versions.save(new FunctionVersionEntity(function.getId(), 2, "b".repeat(64), "wagi", 1, now));
        deployments.save(new DeploymentEntity(function.getId(), 2, "operator", now));
        function.setActiveVersion(2);
        entityManager.flush();
        entityManager.clear();

        var loaded = functions.findByTenantIdAndName(tenant.getId(), "hello").orElseThrow();
        assertThat(loaded.getEnv()).containsExactly(Map.entry("GREETING", "hi"));
        assertThat(loaded.getEncryptedSecrets()).containsExactly(Map.entry("TOKEN", "v1:sealed"));
        assertThat(loaded.getAllowedOutboundHosts()).containsExactly("api.example.com");
        assertThat(loaded.getLimits()).isEqualTo(new FunctionLimits(1L << 20, null, 500L));
        assertThat(loaded.getActiveVersion()).isEqualTo(2);
        assertThat(versions.findLatestVersion(function.getId())).isEqualTo(2);
        assertThat(versions.findByFunctionIdOrderByVersionDesc(function.getId()))
                .extracting(FunctionVersionEntity::getVersion).containsExactly(2, 1);
        assertThat(deployments.findFirstByFunctionIdOrderByDeployedAtDescIdDesc(function.getId()))
                .map(DeploymentEntity::getVersion).contains(2);
    }

    @Test
    void deletingATenantTakesItsFunctionsAndFreesTheirModules() {
        var tenant = tenants.save(new TenantEntity("acme", Quotas.NONE, now));
        var function = functions.save(new FunctionEntity(tenant.getId(), "hello", now));
        modules.storeIfAbsent("c".repeat(64), "wagi", 1, new byte[] {0}, now);
        versions.saveAndFlush(new FunctionVersionEntity(function.getId(), 1, "c".repeat(64), "wagi", 1, now));

        tenants.delete(tenant);
        tenants.flush();
        entityManager.clear();

        assertThat(functions.count()).isZero();
        assertThat(versions.count()).isZero();
        assertThat(modules.deleteUnreferenced()).isEqualTo(1);
    }
}
