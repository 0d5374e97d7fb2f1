package io.wasmhive.api.function;

import io.wasmhive.api.problem.BadRequestException;
import io.wasmhive.api.problem.LimitOutOfQuotaException;
import io.wasmhive.storage.quota.FunctionLimits;
import io.wasmhive.storage.quota.Quotas;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What a function's configuration may contain. */
final class FunctionConfigRules {

    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,254}$");
    private static final Pattern HOST = Pattern.compile("^(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$");
    private static final int MAX_ENV_ENTRIES = 256;
    private static final int MAX_ENV_VALUE = 32 << 10;
    private static final int MAX_HOSTS = 64;

    private FunctionConfigRules() {}

    static Map<String, String> requireValidEnv(Map<String, String> env) {
        if (env.size() > MAX_ENV_ENTRIES) {
            throw new BadRequestException("a function may have at most " + MAX_ENV_ENTRIES + " environment variables");
        }
        env.forEach((name, value) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new BadRequestException("invalid environment variable name '" + name
                        + "': use letters, digits and '_', not starting with a digit");
            }
            if (value == null || value.length() > MAX_ENV_VALUE) {
                throw new BadRequestException("environment variable " + name + " needs a value of at most "
                        + MAX_ENV_VALUE + " characters");
            }
        });
        return env;
    }

    static List<String> requireValidHosts(List<String> hosts) {
        if (hosts.size() > MAX_HOSTS) {
            throw new BadRequestException("a function may allow at most " + MAX_HOSTS + " outbound hosts");
        }
        for (String host : hosts) {
            if (host == null || !HOST.matcher(host).matches()) {
                throw new BadRequestException("invalid outbound host '" + host
                        + "': give a lower-case host name, optionally with a port or a leading '*.'");
            }
        }
        return hosts;
    }

    static FunctionLimits requireWithinQuota(FunctionLimits limits, Quotas quotas) {
        check("memoryBytes", limits.memoryBytes(), "maxMemoryBytes", quotas.maxMemoryBytes());
        check("fuel", limits.fuel(), "maxFuelPerRequest", quotas.maxFuelPerRequest());
        check("timeoutMillis", limits.timeoutMillis(), "maxTimeoutMillis", quotas.maxTimeoutMillis());
        return limits;
    }

    private static void check(String limit, Long value, String quota, long allowed) {
        if (value == null) {
            return;
        }
        if (value <= 0) {
            throw new BadRequestException("limits." + limit + " must be positive; leave it out to use the quota");
        }
        if (value > allowed) {
            throw new LimitOutOfQuotaException("limits." + limit + " is " + value + ", but the tenant's " + quota
                    + " allows at most " + allowed);
        }
    }
}
