package io.wasmhive.executor.deployment;

import io.wasmhive.executor.config.ExecutorProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which version of a function is active, as last read from Postgres. Entries, found or not, are
 * trusted for {@code refreshInterval}; after that the next request reads them again.
 */
@Component
public class DeploymentRegistry {

    /** Bounds the memory a flood of requests for random names can take. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<ActiveFunction> function, Instant readAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final DeploymentLookup lookup;
    private final ExecutorProperties properties;
    private final Clock clock = Clock.systemUTC();

    DeploymentRegistry(DeploymentLookup lookup, ExecutorProperties properties) {
        this.lookup = lookup;
        this.properties = properties;
    }

    public Optional<ActiveFunction> find(String tenant, String function) {
        String key = tenant + "/" + function;
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry == null || entry.readAt().plus(properties.refreshInterval()).isBefore(now)) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entry = new Entry(lookup.find(tenant, function), now);
            entries.put(key, entry);
        }
        return entry.function();
    }
}
