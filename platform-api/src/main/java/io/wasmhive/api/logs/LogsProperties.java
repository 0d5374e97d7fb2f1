package io.wasmhive.api.logs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long invocation history is kept ({@code wasmhive.logs.*}).
 *
 * @param retention       records older than this are deleted. Default 7 days
 * @param maxPerTenant    at most this many newest records are kept per tenant. Default 10000
 * @param cleanupInterval how often the retention job runs. Default 1 minute
 */
@ConfigurationProperties("wasmhive.logs")
public record LogsProperties(
        @DefaultValue("7d") Duration retention,
        @DefaultValue("10000") int maxPerTenant,
        @DefaultValue("1m") Duration cleanupInterval) {}
