package io.wasmhive.storage.function;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One uploaded version of a function, pointing at its module by hash. */
@Entity
@Table(name = "function_versions")
public class FunctionVersionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Long functionId;

    @Column(nullable = false)
    private int version;

    @Column(name = "module_sha256", nullable = false)
    private String moduleSha256;

    @Column(nullable = false)
    private String abi;

    @Column(nullable = false)
    private long sizeBytes;

    @Column(nullable = false)
    private Instant createdAt;

    protected FunctionVersionEntity() {}

    public FunctionVersionEntity(Long functionId, int version, String moduleSha256, String abi, long sizeBytes,
            Instant createdAt) {
        this.functionId = functionId;
        this.version = version;
        this.moduleSha256 = moduleSha256;
        this.abi = abi;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
    }

    public Long getFunctionId() {
        return functionId;
    }

    public int getVersion() {
        return version;
    }

    public String getModuleSha256() {
        return moduleSha256;
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
