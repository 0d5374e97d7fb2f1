package io.wasmhive.executor.invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.wasmhive.common.RequestIds;
import io.wasmhive.engine.CapturedOutput;
import io.wasmhive.engine.GuestFailureException;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.ResourceUsage;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.executor.deployment.ActiveFunction;
import io.wasmhive.executor.problem.ExecutorProblem;
import io.wasmhive.executor.problem.FunctionUnavailableException;
import io.wasmhive.executor.problem.RateLimitedException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Measures and logs every invocation: Micrometer meters tagged by tenant and function only (a
 * request for a function that does not exist is tagged {@code _unknown}, so no caller can grow
 * the number of series), and an {@link Invocation} record for the function's log.
 */
@Component
public class InvocationRecorder {

    private static final String UNKNOWN = "_unknown";
    private static final int MAX_PATH = 1024;

    /**
     * How a client that went away before its answer was complete is recorded: with status 499, as
     * nginx logs it, and a slug of its own, so that it is neither an error of the function nor one
     * of the platform.
     */
    private static final int CLIENT_CLOSED_REQUEST = 499;
    private static final String CLIENT_GONE = "client-gone";

    private final MeterRegistry registry;
    private final InvocationLog log;
    private final AtomicInteger inFlight = new AtomicInteger();

    InvocationRecorder(MeterRegistry registry, InvocationLog log) {
        this.registry = registry;
        this.log = log;
        registry.gauge("wasmhive.requests.inflight", inFlight);
    }

    /** Requests being handled right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Call when a request starts; pair with exactly one of the outcome methods. */
    public long started() {
        inFlight.incrementAndGet();
        return System.nanoTime();
    }

    public void answered(ActiveFunction function, HttpServletRequest request, GuestResponse response, long startNanos) {
        record(function, request, response.status(), null, response.usage(), response.stderr(), startNanos);
    }

    /** A request refused or failed; {@code function} is null when no such function is deployed. */
    public void failed(ActiveFunction function, HttpServletRequest request, Throwable failure, long startNanos) {
        if (failure instanceof ResponseStream.ClientGoneException) {
            record(function, request, CLIENT_CLOSED_REQUEST, CLIENT_GONE, ResourceUsage.NONE, CapturedOutput.EMPTY, startNanos);
            return;
        }
        var problem = ExecutorProblem.of(failure);
        var usage = failure instanceof GuestFailureException guest ? guest.usage() : ResourceUsage.NONE;
        var stderr = failure instanceof GuestFailureException guest ? guest.stderr() : CapturedOutput.EMPTY;
        record(function, request, problem.status().value(), problem.slug(), usage, stderr, startNanos);
        String reason = switch (failure) {
            case RateLimitedException limited -> limited.quota().equals("rate") ? "rate" : "bulkhead";
            case FunctionUnavailableException open -> "circuit";
            default -> switch (problem) {
                case REQUEST_TOO_LARGE -> "body-size";
                case OVERLOADED -> "overloaded";
                default -> null;
            };
        };
        if (reason != null) {
            Counter.builder("wasmhive.rejections").description("Requests refused before the guest ran")
                    .tags(tags(function)).tag("reason", reason).register(registry).increment();
        }
    }

    private void record(ActiveFunction function, HttpServletRequest request, int status, String problem,
            ResourceUsage usage, CapturedOutput stderr, long startNanos) {
        inFlight.decrementAndGet();
        long elapsed = System.nanoTime() - startNanos;
        Tags tags = tags(function);
        Counter.builder("wasmhive.requests").description("Function requests by outcome")
                .tags(tags).tag("status", (status / 100) + "xx").tag("problem", problem == null ? "none" : problem)
                .register(registry).increment();
        Timer.builder("wasmhive.request.duration").description("Function request latency, in the executor")
                .tags(tags).publishPercentileHistogram().register(registry).record(Duration.ofNanos(elapsed));
        if (function == null || problem != null && refusedUpFront(problem)) {
            return; // refusals are counted, not logged: a flood of them must not become a flood of writes
        }
        if (usage.fuel() > 0) {
            DistributionSummary.builder("wasmhive.fuel.used").description("Fuel used per request")
                    .tags(tags).publishPercentileHistogram().register(registry).record(usage.fuel());
            DistributionSummary.builder("wasmhive.memory.peak").description("Peak linear memory per request")
                    .baseUnit("bytes").tags(tags).register(registry).record(usage.memoryBytes());
            Timer.builder("wasmhive.instantiation.duration").description("Time to create the guest instance")
                    .tags(tags).register(registry).record(Duration.ofNanos(usage.instantiationNanos()));
        }
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        log.record(new Invocation(function.tenantId(), function.functionId(), function.tenant(), function.name(),
                function.version(), RequestIds.of(request), request.getMethod(),
                path.length() > MAX_PATH ? path.substring(0, MAX_PATH) : path, status, problem, elapsed / 1000,
                usage.fuel(), usage.memoryBytes(), usage.instantiationNanos(), null, stderr.text(), stderr.truncated(),
                Instant.now().minusNanos(elapsed)));
    }

    private static boolean refusedUpFront(String problem) {
        return problem.equals(ExecutorProblem.RATE_LIMITED.slug()) || problem.equals(ExecutorProblem.FUNCTION_UNAVAILABLE.slug())
                || problem.equals(ExecutorProblem.OVERLOADED.slug());
    }

    private static Tags tags(ActiveFunction function) {
        return function == null
                ? Tags.of("tenant", UNKNOWN, "function", UNKNOWN)
                : Tags.of("tenant", function.tenant(), "function", function.name());
    }
}
