package io.wasmhive.storage.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {

    Optional<ApiKeyEntity> findByTokenHash(byte[] tokenHash);

    List<ApiKeyEntity> findByTenantIdOrderByCreatedAtAsc(Long tenantId);

    Optional<ApiKeyEntity> findByIdAndTenantId(UUID id, Long tenantId);
}
