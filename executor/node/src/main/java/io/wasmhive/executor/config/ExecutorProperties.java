package io.wasmhive.executor.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Executor node settings ({@code wasmhive.executor.*}).
 *
 * @param refreshInterval how long a looked-up deployment is trusted before Postgres is asked
 *                        again; bounds how late a deploy or config change is seen. Default 1 s
 * @param workerThreads   threads running guest code (0: twice the processors). Default 0
 * @param queueCapacity   requests that may wait for a worker, all tenants together, before 503
 *                        {@code executor-overloaded}; waiting tenants are served in turn. Default 256
 * @param tenantQueueCapacity requests of one tenant that may wait for a worker before that tenant
 *                        gets 503 {@code executor-overloaded} while others are still admitted
 *                        (0: a quarter of queueCapacity, at least 1; at most queueCapacity). Default 0
 * @param maxOutputBytes  largest response a guest may write. Default 16 MiB
 * @param maxStderrBytes  stderr kept per request, the rest is cut. Default 64 KiB
 * @param maxOutboundRequests outbound HTTP requests a wasi-http guest may send per request, to the
 *                        hosts its function allows. Default 8
 * @param logQueueCapacity invocation records that may wait to be written before new ones are
 *                        dropped (and counted). Default 10000
 * @param cacheDir        local disk cache: compiled code ({@code compiled/}) and module bytes
 *                        ({@code modules/}), so a restart never recompiles and a module can be
 *                        reloaded while Postgres is away. Default {@code ${java.io.tmpdir}/wasmhive-cache}
 *                        (set in application.yml, where the placeholder is resolved)
 * @param cacheMaxBytes   bound of each of the two disk caches, least recently used going first.
 *                        Default 2 GiB
 * @param maxLoadedModules compiled modules held in memory, least recently used going first;
 *                        functions load lazily on their first request. Default 256
 * @param heartbeatInterval how often this node announces itself; three missed beats make it
 *                        dead. Default 5 s
 * @param nodeAddress     how other parts of the platform reach this node. Default host:port
 * @param version         the version this node reports (set from the build in application.yml)
 * @param circuit         when a failing function's circuit opens
 * @param baseDomain      with it, {@code {function}.{tenant}.<baseDomain>} routes to the
 *                        function as well as {@code /fn/{tenant}/{function}}. Default: none
 */
@ConfigurationProperties("wasmhive.executor")
public record ExecutorProperties(
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("0") int workerThreads,
        @DefaultValue("256") int queueCapacity,
        @DefaultValue("0") int tenantQueueCapacity,
        @DefaultValue("16777216") int maxOutputBytes,
        @DefaultValue("65536") int maxStderrBytes,
        @DefaultValue("8") int maxOutboundRequests,
        @DefaultValue("10000") int logQueueCapacity,
        Path cacheDir,
        @DefaultValue("2147483648") long cacheMaxBytes,
        @DefaultValue("256") int maxLoadedModules,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("") String nodeAddress,
        @DefaultValue("unknown") String version,
        @DefaultValue Circuit circuit,
        @DefaultValue("") String baseDomain) {

    /**
     * A function's circuit breaker: over the last {@code windowSize} calls (once at least
     * {@code minimumCalls} were made), when {@code failureRatePercent} of them were guest failures
     * (trap, memory limit, timeout, fuel), the circuit opens for {@code openFor}, then lets
     * {@code probeCalls} through to decide whether to close.
     */
    public record Circuit(
            @DefaultValue("20") int windowSize,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("10s") Duration openFor,
            @DefaultValue("3") int probeCalls) {}
}
