package io.wasmhive.executor.guard;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.engine.GuestFailureException;
import io.wasmhive.executor.config.ExecutorProperties;
import io.wasmhive.executor.deployment.ActiveFunction;
import io.wasmhive.executor.node.NodeHeartbeat;
import io.wasmhive.executor.problem.FunctionUnavailableException;
import io.wasmhive.executor.problem.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Keeps tenants from hurting each other and failing functions from hurting their tenant, with
 * Resilience4j: per tenant a rate limiter (this node's share of {@code requestsPerSecond}) and a
 * bulkhead ({@code maxConcurrentRequests}), per function a circuit breaker. Quota changes and a
 * changed number of live nodes are applied to the existing limiters as requests arrive.
 */
@Component
public class TenantGuards {

    private static final Duration RATE_PERIOD = Duration.ofSeconds(1);

    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final CircuitBreakerRegistry circuits;
    private final NodeHeartbeat nodes;

    TenantGuards(ExecutorProperties properties, NodeHeartbeat nodes, MeterRegistry meters) {
        this.nodes = nodes;
        var circuit = properties.circuit();
        this.circuits = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuit.windowSize())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .failureRateThreshold(circuit.failureRatePercent())
                .waitDurationInOpenState(circuit.openFor())
                .permittedNumberOfCallsInHalfOpenState(circuit.probeCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(failure -> failure instanceof GuestFailureException)
                .build());
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits).bindTo(meters);
    }

    /**
     * Admits a request or refuses it with {@link RateLimitedException} or
     * {@link FunctionUnavailableException}. An admitted request must be ended through its permit.
     */
    public Permit admit(ActiveFunction function) {
        RateLimiter rate = rateLimiter(function);
        if (!rate.acquirePermission()) {
            throw new RateLimitedException("rate", "tenant '" + function.tenant() + "' is over its quota of "
                    + function.quotas().requestsPerSecond() + " requests per second", 1);
        }
        Bulkhead concurrency = bulkhead(function);
        if (!concurrency.tryAcquirePermission()) {
            throw new RateLimitedException("concurrency", "tenant '" + function.tenant() + "' already runs its quota of "
                    + function.quotas().maxConcurrentRequests() + " concurrent requests", 1);
        }
        CircuitBreaker circuit = circuits.circuitBreaker(function.tenant() + "/" + function.name());
        if (!circuit.tryAcquirePermission()) {
            concurrency.onComplete();
            long waitMillis = circuit.getState() == CircuitBreaker.State.OPEN
                    ? circuits.getDefaultConfig().getWaitIntervalFunctionInOpenState().apply(1) : 1000;
            throw new FunctionUnavailableException(function.name(), Math.max(1, TimeUnit.MILLISECONDS.toSeconds(waitMillis)));
        }
        return new Permit(concurrency, circuit, System.nanoTime());
    }

    private RateLimiter rateLimiter(ActiveFunction function) {
        int share = Math.max(1, (int) Math.ceil((double) function.quotas().requestsPerSecond() / nodes.liveNodes()));
        RateLimiter limiter = rateLimiters.rateLimiter(function.tenant(), () -> RateLimiterConfig.custom()
                .limitForPeriod(share).limitRefreshPeriod(RATE_PERIOD).timeoutDuration(Duration.ZERO).build());
        if (limiter.getRateLimiterConfig().getLimitForPeriod() != share) {
            limiter.changeLimitForPeriod(share);
        }
        return limiter;
    }

    private Bulkhead bulkhead(ActiveFunction function) {
        int limit = function.quotas().maxConcurrentRequests();
        Bulkhead bulkhead = bulkheads.bulkhead(function.tenant(), () -> BulkheadConfig.custom()
                .maxConcurrentCalls(limit).maxWaitDuration(Duration.ZERO).build());
        if (bulkhead.getBulkheadConfig().getMaxConcurrentCalls() != limit) {
            bulkhead.changeConfig(BulkheadConfig.custom().maxConcurrentCalls(limit).maxWaitDuration(Duration.ZERO).build());
        }
        return bulkhead;
    }

    /** An admitted request: release it exactly once, saying how it ended. */
    public static final class Permit {
        private final Bulkhead concurrency;
        private final CircuitBreaker circuit;
        private final long startNanos;

        private Permit(Bulkhead concurrency, CircuitBreaker circuit, long startNanos) {
            this.concurrency = concurrency;
            this.circuit = circuit;
            this.startNanos = startNanos;
        }

        public void succeeded() {
            circuit.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            concurrency.onComplete();
        }

        /** Guest failures count against the circuit; anything else (a refused body, say) does not. */
        public void failed(Throwable failure) {
            if (failure instanceof GuestFailureException) {
                circuit.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, failure);
            } else {
                circuit.releasePermission();
            }
            concurrency.onComplete();
        }
    }
}
