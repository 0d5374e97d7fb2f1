package io.wasmhive.storage.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FunctionRepository extends JpaRepository<FunctionEntity, Long> {

    Optional<FunctionEntity> findByTenantIdAndName(Long tenantId, String name);

    List<FunctionEntity> findByTenantIdOrderByNameAsc(Long tenantId);

    long countByTenantId(Long tenantId);
}
