package io.wasmhive.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ordering is made deterministic by holding every worker in a task that waits for a latch while
 * the tasks under test are queued; nothing here depends on timing.
 */
class FairSchedulerTest {

    private static final long WAIT_SECONDS = 10;

    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private FairScheduler scheduler;

    private FairScheduler scheduler(int workers, int capacity, int tenantCapacity) {
        return scheduler(workers, capacity, tenantCapacity, Duration.ofMinutes(1));
    }

    private FairScheduler scheduler(int workers, int capacity, int tenantCapacity, Duration keepAlive) {
        scheduler = new FairScheduler(workers, capacity, tenantCapacity, keepAlive, (body, number) -> {
            var thread = new Thread(body, "test-worker-" + number);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        return scheduler;
    }

    @AfterEach
    void closeAndCheckNoThreadIsLeft() throws InterruptedException {
        release.countDown();
        scheduler.close();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
        }
    }

    /** Occupies a worker until {@link #release}; returns once it runs. */
    private Future<String> block(String tenant) throws InterruptedException {
        var started = new CountDownLatch(1);
        Future<String> blocker = scheduler.submit(tenant, () -> {
            started.countDown();
            release.await();
            return "blocker";
        });
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("blocker started").isTrue();
        return blocker;
    }

    private Future<String> record(String tenant, String name) {
        return scheduler.submit(tenant, () -> {
            ran.add(name);
            return name;
        });
    }

    private static void await(List<Future<String>> futures) throws Exception {
        for (Future<String> future : futures) {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTenantWithOneWaitingRequestIsServedRightAfterTheFirstOfAFloodingTenant() throws Exception {
        scheduler(1, 16, 8);
        block("A");
        var futures = new ArrayList<Future<String>>();
        for (int i = 1; i <= 5; i++) {
            futures.add(record("A", "A" + i));
        }
        futures.add(record("B", "B1"));
        assertThat(scheduler.queued()).isEqualTo(6);
        assertThat(scheduler.queued("A")).isEqualTo(5);

        release.countDown();
        await(futures);

        assertThat(ran).containsExactly("A1", "B1", "A2", "A3", "A4", "A5");
        assertThat(scheduler.queued()).isZero();
    }

    @Test
    void tenantsWithWaitingWorkTakeTurnsEachInArrivalOrder() throws Exception {
        scheduler(1, 16, 8);
        block("C");
        var futures = new ArrayList<Future<String>>();
        for (String name : List.of("A1", "A2", "A3", "B1", "B2", "C1")) {
            futures.add(record(name.substring(0, 1), name));
        }

        release.countDown();
        await(futures);

        assertThat(ran).containsExactly("A1", "B1", "C1", "A2", "B2", "A3");
    }

    @Test
    void aTenantOverItsShareIsRefusedWhileOthersAreStillAdmitted() throws Exception {
        scheduler(1, 4, 2);
        block("A");
        var futures = new ArrayList<Future<String>>(List.of(record("A", "A1"), record("A", "A2")));

        assertThatThrownBy(() -> record("A", "A3"))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("tenant 'A' already has 2 requests waiting");
        futures.add(record("B", "B1"));
        futures.add(record("B", "B2"));
        assertThatThrownBy(() -> record("C", "C1"))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("4 requests are already waiting");

        release.countDown();
        await(futures);
        assertThat(ran).containsExactly("A1", "B1", "A2", "B2");
    }

    @Test
    void aRequestCancelledWhileWaitingLeavesTheQueueAndNeverRuns() throws Exception {
        scheduler(1, 4, 1);
        block("A");
        Future<String> cancelled = record("A", "A1");
        Future<String> other = record("B", "B1");

        assertThat(cancelled.cancel(true)).isTrue();

        assertThat(scheduler.queued()).isEqualTo(1);
        assertThat(scheduler.queued("A")).isZero();
        Future<String> again = record("A", "A2");
        release.countDown();
        await(List.of(other, again));
        assertThat(ran).containsExactly("B1", "A2");
    }

    @Test
    void cancellingARunningRequestInterruptsItAndTheWorkerGoesOnUninterrupted() throws Exception {
        scheduler(1, 4, 4);
        var started = new CountDownLatch(1);
        var interrupted = new AtomicBoolean();
        Future<String> running = scheduler.submit("A", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return "never";
        });
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        running.cancel(true);
        Future<Boolean> next = scheduler.submit("A", () -> Thread.currentThread().isInterrupted());

        assertThat(next.get(WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertThat(interrupted).isTrue();
        assertThat(threads).hasSize(1);
    }

    @Test
    void noMoreWorkersThanTheBoundRunAtOnce() throws Exception {
        scheduler(2, 8, 8);
        block("A");
        block("B");
        Future<String> third = record("C", "C1");

        assertThat(scheduler.workers()).isEqualTo(2);
        assertThat(threads).hasSize(2);
        assertThat(scheduler.queued()).isEqualTo(1);
        release.countDown();
        assertThat(third.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("C1");
        assertThat(threads).hasSize(2);
    }

    @Test
    void withoutAQueueARequestRunsOnlyOnAFreeWorker() throws Exception {
        scheduler(1, 0, 0);
        block("A");

        assertThatThrownBy(() -> record("B", "B1")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closingCancelsWaitingRequestsInterruptsRunningOnesAndRefusesNewOnes() throws Exception {
        scheduler(1, 4, 4);
        Future<String> running = block("A");
        Future<String> waiting = record("B", "B1");

        scheduler.close();

        assertThat(waiting.isCancelled()).isTrue();
        assertThatThrownBy(() -> running.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThatThrownBy(() -> record("C", "C1")).isInstanceOf(RejectedExecutionException.class);
        assertThat(ran).isEmpty();
        assertThat(threads).allMatch(Thread::isDaemon);
        // the threads' end is checked after each test
    }

    @Test
    void idleWorkersEndAfterTheirKeepAlive() throws Exception {
        scheduler(2, 4, 4, Duration.ofMillis(1));
        assertThat(record("A", "A1").get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("A1");

        threads.getFirst().join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertThat(threads.getFirst().isAlive()).isFalse();
        assertThat(scheduler.workers()).isZero();
        assertThat(record("B", "B1").get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("B1");
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> scheduler(0, 4, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler(1, 4, 5)).isInstanceOf(IllegalArgumentException.class);
        scheduler(1, 4, 4);
    }
}
