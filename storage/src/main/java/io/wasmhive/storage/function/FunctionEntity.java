package io.wasmhive.storage.function;

import io.wasmhive.storage.quota.FunctionLimits;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "functions")
public class FunctionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Long tenantId;

    @Column(nullable = false)
    private String name;

    private Long memoryBytes;
    private Long fuel;
    private Long timeoutMillis;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private List<String> allowedOutboundHosts = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "function_env", joinColumns = @JoinColumn(name = "function_id"))
    @MapKeyColumn(name = "name")
    private Map<String, EnvValue> env = new HashMap<>();

    /** The deployed version, or null when none is. */
    private Integer activeVersion;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    protected FunctionEntity() {}

    public FunctionEntity(Long tenantId, String name, Instant createdAt) {
        this.tenantId = tenantId;
        this.name = name;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Long getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public FunctionLimits getLimits() {
        return new FunctionLimits(memoryBytes, fuel, timeoutMillis);
    }

    public void setLimits(FunctionLimits limits) {
        memoryBytes = limits.memoryBytes();
        fuel = limits.fuel();
        timeoutMillis = limits.timeoutMillis();
    }

    public List<String> getAllowedOutboundHosts() {
        return List.copyOf(allowedOutboundHosts);
    }

    public void setAllowedOutboundHosts(List<String> hosts) {
        allowedOutboundHosts = new ArrayList<>(hosts);
    }

    /** The plain (not secret) environment. */
    public Map<String, String> getEnv() {
        return values(false);
    }

    /** Replaces the plain environment; secrets stay. */
    public void setEnv(Map<String, String> plain) {
        replace(plain, false);
    }

    /** The secret environment as stored: encrypted values. */
    public Map<String, String> getEncryptedSecrets() {
        return values(true);
    }

    /** Replaces the secret environment with values already encrypted; the plain one stays. */
    public void setEncryptedSecrets(Map<String, String> encrypted) {
        replace(encrypted, true);
    }

    private Map<String, String> values(boolean secret) {
        var result = new TreeMap<String, String>();
        env.forEach((name, value) -> {
            if (value.secret() == secret) {
                result.put(name, value.value());
            }
        });
        return result;
    }

    private void replace(Map<String, String> values, boolean secret) {
        env.values().removeIf(value -> value.secret() == secret);
        values.forEach((name, value) -> env.put(name, new EnvValue(value, secret)));
    }

    public Integer getActiveVersion() {
        return activeVersion;
    }

    public void setActiveVersion(Integer activeVersion) {
        this.activeVersion = activeVersion;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void touch(Instant now) {
        updatedAt = now;
    }
}
