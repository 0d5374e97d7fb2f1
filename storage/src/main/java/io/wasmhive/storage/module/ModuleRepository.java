package io.wasmhive.storage.module;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.NativeQuery;
import org.springframework.data.repository.query.Param;

/** The content-addressed module store: bytes are written once per SHA-256. */
public interface ModuleRepository extends JpaRepository<ModuleEntity, String> {

    /** Stores the bytes unless a module with this hash exists; concurrent uploads of one module are safe. */
    @Modifying
    @NativeQuery("""
            insert into modules (sha256, abi, size_bytes, bytes, created_at)
            values (:sha256, :abi, :size, :bytes, :createdAt)
            on conflict (sha256) do nothing""")
    void storeIfAbsent(@Param("sha256") String sha256, @Param("abi") String abi, @Param("size") long size,
            @Param("bytes") byte[] bytes, @Param("createdAt") Instant createdAt);

    @NativeQuery("select bytes from modules where sha256 = :sha256")
    Optional<byte[]> findBytes(@Param("sha256") String sha256);

    /** Removes modules no version points at any more. */
    @Modifying
    @NativeQuery("""
            delete from modules m
            where not exists (select 1 from function_versions v where v.module_sha256 = m.sha256)""")
    int deleteUnreferenced();
}
