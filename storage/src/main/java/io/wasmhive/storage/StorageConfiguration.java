package io.wasmhive.storage;

import io.wasmhive.storage.quota.QuotaDefaults;
import io.wasmhive.storage.secret.SecretCipher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Import this to get Wasmhive's entities, repositories and quota defaults. */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = StorageConfiguration.class)
@EnableJpaRepositories(basePackageClasses = StorageConfiguration.class)
@EnableConfigurationProperties(QuotaDefaults.class)
@Import(SecretCipher.class)
public class StorageConfiguration {}
