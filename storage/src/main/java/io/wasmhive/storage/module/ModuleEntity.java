package io.wasmhive.storage.module;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Metadata of a stored module. The bytes live in the same row but are only read through
 * {@link ModuleRepository#findBytes}, so listing functions never loads them.
 */
@Entity
@Table(name = "modules")
public class ModuleEntity {

    @Id
    private String sha256;

    @Column(nullable = false)
    private String abi;

    @Column(nullable = false)
    private long sizeBytes;

    @Column(nullable = false)
    private Instant createdAt;

    protected ModuleEntity() {}

    public String getSha256() {
        return sha256;
    }

    public String getAbi() {
        return abi;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
