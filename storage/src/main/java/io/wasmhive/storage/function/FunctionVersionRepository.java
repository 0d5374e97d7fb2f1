package io.wasmhive.storage.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface FunctionVersionRepository extends JpaRepository<FunctionVersionEntity, Long> {

    Optional<FunctionVersionEntity> findByFunctionIdAndVersion(Long functionId, int version);

    List<FunctionVersionEntity> findByFunctionIdOrderByVersionDesc(Long functionId);

    @Query("select coalesce(max(v.version), 0) from FunctionVersionEntity v where v.functionId = :functionId")
    int findLatestVersion(Long functionId);
}
