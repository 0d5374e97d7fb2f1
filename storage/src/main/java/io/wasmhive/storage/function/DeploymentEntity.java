package io.wasmhive.storage.function;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One deploy or rollback: the version that became active, when, and by whom. */
@Entity
@Table(name = "deployments")
public class DeploymentEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Long functionId;

    @Column(nullable = false)
    private int version;

    @Column(nullable = false)
    private String deployedBy;

    @Column(nullable = false)
    private Instant deployedAt;

    protected DeploymentEntity() {}

    public DeploymentEntity(Long functionId, int version, String deployedBy, Instant deployedAt) {
        this.functionId = functionId;
        this.version = version;
        this.deployedBy = deployedBy;
        this.deployedAt = deployedAt;
    }

    public int getVersion() {
        return version;
    }

    public String getDeployedBy() {
        return deployedBy;
    }

    public Instant getDeployedAt() {
        return deployedAt;
    }
}
