package io.wasmhive.executor.config;

import io.wasmhive.engine.Engine;
import io.wasmhive.engine.EngineOptions;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EngineConfig {

    @Bean(destroyMethod = "close")
    Engine engine(ExecutorProperties properties) {
        int threads = properties.workerThreads() > 0 ? properties.workerThreads() : EngineOptions.DEFAULTS.workerThreads();
        return new Engine(new EngineOptions(threads, properties.queueCapacity(),
                EngineOptions.defaultTenantQueueCapacity(properties.queueCapacity()),
                EngineOptions.DEFAULTS.workerStackBytes(), Optional.of(properties.cacheDir().resolve("compiled")),
                properties.cacheMaxBytes()));
    }
}
