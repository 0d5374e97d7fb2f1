package io.wasmhive.storage.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant's API key. The token itself is never stored, only its SHA-256. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    @Id
    private UUID id;

    @Column(nullable = false)
    private Long tenantId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, unique = true)
    private byte[] tokenHash;

    @Column(nullable = false)
    private Instant createdAt;

    protected ApiKeyEntity() {}

    public ApiKeyEntity(UUID id, Long tenantId, String name, byte[] tokenHash, Instant createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.tokenHash = tokenHash.clone();
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public Long getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
