package io.wasmhive.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fair admission as callers of {@link Engine#invoke} see it, with a stand-in guest that holds the
 * single worker until released (the ordering itself is tested in {@code FairSchedulerTest}).
 */
class EngineAdmissionTest {

    private static final long WAIT_SECONDS = 10;
    private static final ExecutionLimits LIMITS = ExecutionLimits.DEFAULTS.withTimeout(Duration.ofSeconds(WAIT_SECONDS));
    private static final GuestRequest REQUEST = new GuestRequest("GET", "/", "", List.of(), RequestBody.EMPTY, "/fn/t/f",
            "localhost", 80, "127.0.0.1", "HTTP/1.1");

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private Engine engine;

    @AfterEach
    void close() {
        release.countDown();
        engine.close();
        callers.close();
    }

    private Engine engine(int queueCapacity, int tenantQueueCapacity) {
        engine = new Engine(new EngineOptions(1, queueCapacity, tenantQueueCapacity, 4L << 20, Optional.empty(), 1L << 30));
        return engine;
    }

    /** A guest that holds its worker until {@link #release}. */
    private final GuestExecutor blocking = new StandIn("blocker") {
        @Override
        public GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits,
                ResponseStream stream) {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new GuestTimeoutException(limits.timeout());
            }
            return super.handle(request, env, limits, stream);
        }
    };

    private Future<GuestResponse> invokeLater(String tenant, GuestExecutor guest) {
        return callers.submit(() -> engine.invoke(tenant, guest, REQUEST, Map.of(), LIMITS));
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void aTenantOverItsShareIsOverloadedWhileAnotherTenantIsStillAdmitted() throws Exception {
        engine(4, 1);
        Future<GuestResponse> running = invokeLater("A", blocking);
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Future<GuestResponse> waitingA = invokeLater("A", new StandIn("A2"));
        awaitCondition(() -> engine.queued("A") == 1);

        assertThatThrownBy(() -> engine.invoke("A", new StandIn("A3"), REQUEST, Map.of(), LIMITS))
                .isInstanceOf(EngineOverloadedException.class)
                .hasMessageContaining("tenant 'A'");
        Future<GuestResponse> waitingB = invokeLater("B", new StandIn("B1"));
        awaitCondition(() -> engine.queued() == 2);

        release.countDown();
        for (Future<GuestResponse> answer : List.of(running, waitingA, waitingB)) {
            assertThat(answer.get(WAIT_SECONDS, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(ran).containsExactly("blocker", "A2", "B1");
    }

    @Test
    void aRequestThatTimesOutWhileWaitingLeavesTheQueueAndNeverRuns() throws Exception {
        engine(4, 4);
        Future<GuestResponse> running = invokeLater("A", blocking);
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> engine.invoke("B", new StandIn("late"), REQUEST, Map.of(),
                LIMITS.withTimeout(Duration.ofMillis(20))))
                .isInstanceOf(GuestTimeoutException.class);
        assertThat(engine.queued()).isZero();

        release.countDown();
        running.get(WAIT_SECONDS, TimeUnit.SECONDS);
        engine.invoke("B", new StandIn("next"), REQUEST, Map.of(), LIMITS);
        assertThat(ran).containsExactly("blocker", "next");
    }

    @Test
    void aClosedEngineRefusesRequests() {
        engine(4, 4).close();

        assertThatThrownBy(() -> engine.invoke("A", new StandIn("A1"), REQUEST, Map.of(), LIMITS))
                .isInstanceOf(EngineOverloadedException.class);
    }

    /** A guest that notes that it ran and answers 200. */
    private class StandIn implements GuestExecutor {

        private final String name;

        StandIn(String name) {
            this.name = name;
        }

        @Override
        public Abi abi() {
            return Abi.WAGI;
        }

        @Override
        public GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits,
                ResponseStream stream) {
            ran.add(name);
            return new GuestResponse(200, List.of(), new byte[0], CapturedOutput.EMPTY, ResourceUsage.NONE);
        }
    }
}
