package io.wasmhive.executor.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.engine.Engine;
import io.wasmhive.engine.EngineOptions;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EngineConfig {

    @Bean(destroyMethod = "close")
    Engine engine(ExecutorProperties properties, MeterRegistry registry) {
        int threads = properties.workerThreads() > 0 ? properties.workerThreads() : EngineOptions.DEFAULTS.workerThreads();
        int tenantShare = properties.tenantQueueCapacity() > 0
                ? Math.min(properties.tenantQueueCapacity(), properties.queueCapacity())
                : EngineOptions.defaultTenantQueueCapacity(properties.queueCapacity());
        var engine = new Engine(new EngineOptions(threads, properties.queueCapacity(), tenantShare,
                EngineOptions.DEFAULTS.workerStackBytes(), Optional.of(properties.cacheDir().resolve("compiled")),
                properties.cacheMaxBytes()));
        Gauge.builder("wasmhive.engine.queued", engine, Engine::queued)
                .description("Requests waiting for a guest worker, all tenants together").register(registry);
        return engine;
    }
}
