package io.wasmhive.storage.tenant;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TenantRepository extends JpaRepository<TenantEntity, Long> {

    Optional<TenantEntity> findByName(String name);

    boolean existsByName(String name);

    List<TenantEntity> findAllByOrderByNameAsc();
}
