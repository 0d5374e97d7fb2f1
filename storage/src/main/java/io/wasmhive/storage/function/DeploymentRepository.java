package io.wasmhive.storage.function;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DeploymentRepository extends JpaRepository<DeploymentEntity, Long> {

    List<DeploymentEntity> findByFunctionIdOrderByDeployedAtDescIdDesc(Long functionId);

    Optional<DeploymentEntity> findFirstByFunctionIdOrderByDeployedAtDescIdDesc(Long functionId);
}
