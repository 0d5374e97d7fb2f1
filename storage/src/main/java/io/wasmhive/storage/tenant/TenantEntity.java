package io.wasmhive.storage.tenant;

import io.wasmhive.storage.quota.Quotas;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "tenants")
public class TenantEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    private Integer maxFunctions;
    private Long maxModuleBytes;
    private Long maxMemoryBytes;
    private Long maxFuelPerRequest;
    private Long maxTimeoutMillis;
    private Integer requestsPerSecond;
    private Integer maxConcurrentRequests;
    private Long maxRequestBodyBytes;

    @Column(nullable = false)
    private Instant createdAt;

    protected TenantEntity() {}

    public TenantEntity(String name, Quotas quotas, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
        setQuotas(quotas);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The tenant's own overrides; unset fields are null. */
    public Quotas getQuotas() {
        return new Quotas(maxFunctions, maxModuleBytes, maxMemoryBytes, maxFuelPerRequest, maxTimeoutMillis,
                requestsPerSecond, maxConcurrentRequests, maxRequestBodyBytes);
    }

    public void setQuotas(Quotas quotas) {
        maxFunctions = quotas.maxFunctions();
        maxModuleBytes = quotas.maxModuleBytes();
        maxMemoryBytes = quotas.maxMemoryBytes();
        maxFuelPerRequest = quotas.maxFuelPerRequest();
        maxTimeoutMillis = quotas.maxTimeoutMillis();
        requestsPerSecond = quotas.requestsPerSecond();
        maxConcurrentRequests = quotas.maxConcurrentRequests();
        maxRequestBodyBytes = quotas.maxRequestBodyBytes();
    }
}
