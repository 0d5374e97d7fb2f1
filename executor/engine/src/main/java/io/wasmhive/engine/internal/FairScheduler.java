package io.wasmhive.engine.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pool of worker threads with fair admission across tenants.
 *
 * <p>A task goes straight to an idle worker when there is one. Otherwise it waits in its tenant's
 * own FIFO queue, and a worker that becomes free takes the next task round-robin over the tenants
 * that have waiting work: a tenant with 200 waiting tasks and one with a single waiting task
 * alternate. At most {@code capacity} tasks wait in all, and at most {@code tenantCapacity} of one
 * tenant, so a flooding tenant is refused while the others are still admitted.
 *
 * <p>A task cancelled while it waits leaves its queue at once and never runs; cancelling a running
 * task with {@code mayInterruptIfRunning} interrupts its worker, whose interrupt flag is cleared
 * before it takes the next task. Workers are daemon threads, started as work arrives and ended after
 * {@code keepAlive} idle or by {@link #close()}.
 */
public final class FairScheduler implements AutoCloseable {

    /** Makes (but does not start) a worker thread for the given body, with the given number. */
    @FunctionalInterface
    public interface WorkerFactory {
        Thread newWorker(Runnable body, int number);
    }

    private final int maxWorkers;
    private final int capacity;
    private final int tenantCapacity;
    private final long keepAliveNanos;
    private final WorkerFactory factory;

    private final ReentrantLock lock = new ReentrantLock();
    /** Each tenant with waiting tasks, and its tasks in arrival order; never holds an empty queue. */
    private final Map<String, ArrayDeque<Task<?>>> waiting = new HashMap<>();
    /** The tenants of {@link #waiting}, in the order workers serve them. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    /** Workers waiting for a task, most recently idle first (so the others can time out). */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> workers = new HashSet<>();
    private int queued;
    private int started;
    private boolean closed;

    /**
     * @param maxWorkers     threads that run tasks at most, at least 1
     * @param capacity       tasks that may wait for a worker in all
     * @param tenantCapacity tasks of one tenant that may wait, at most {@code capacity}
     * @param keepAlive      how long a worker without work lives on
     * @param factory        makes the worker threads; they should be daemons
     */
    public FairScheduler(int maxWorkers, int capacity, int tenantCapacity, Duration keepAlive, WorkerFactory factory) {
        if (maxWorkers < 1 || capacity < 0 || tenantCapacity < 0 || tenantCapacity > capacity) {
            throw new IllegalArgumentException("invalid scheduler bounds: " + maxWorkers + " workers, capacity "
                    + capacity + ", tenant capacity " + tenantCapacity);
        }
        this.maxWorkers = maxWorkers;
        this.capacity = capacity;
        this.tenantCapacity = tenantCapacity;
        this.keepAliveNanos = keepAlive.toNanos();
        this.factory = Objects.requireNonNull(factory);
    }

    /**
     * Runs the task for the tenant: now on an idle worker, or once it is the tenant's turn.
     *
     * @throws RejectedExecutionException when the scheduler is closed, {@code capacity} tasks are
     *                                    waiting, or {@code tenantCapacity} of this tenant are
     */
    public <T> Future<T> submit(String tenant, Callable<T> work) {
        var task = new Task<>(Objects.requireNonNull(tenant), Objects.requireNonNull(work));
        lock.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException("the scheduler is closed");
            }
            Worker free = idle.poll();
            if (free != null) {
                free.next = task;
                free.wake.signal();
                return task;
            }
            if (workers.size() < maxWorkers) {
                startWorker(task);
                return task;
            }
            if (queued >= capacity) {
                throw new RejectedExecutionException(
                        "all guest workers are busy and " + queued + " requests are already waiting");
            }
            ArrayDeque<Task<?>> own = waiting.get(tenant);
            int ownQueued = own == null ? 0 : own.size();
            if (ownQueued >= tenantCapacity) {
                throw new RejectedExecutionException("all guest workers are busy and tenant '" + tenant
                        + "' already has " + ownQueued + " requests waiting");
            }
            if (own == null) {
                own = new ArrayDeque<>();
                waiting.put(tenant, own);
                turns.addLast(tenant);
            }
            own.addLast(task);
            queued++;
            return task;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting for a worker. */
    public int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks of the tenant waiting for a worker. */
    public int queued(String tenant) {
        lock.lock();
        try {
            ArrayDeque<Task<?>> own = waiting.get(tenant);
            return own == null ? 0 : own.size();
        } finally {
            lock.unlock();
        }
    }

    /** Worker threads alive. */
    public int workers() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new tasks, cancels the waiting ones and interrupts the running ones; workers end as
     * soon as their task does.
     */
    @Override
    public void close() {
        var cancelled = new ArrayList<Task<?>>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            waiting.values().forEach(cancelled::addAll);
            waiting.clear();
            turns.clear();
            queued = 0;
            for (Worker worker : workers) {
                worker.wake.signal();
                worker.thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
        cancelled.forEach(task -> task.cancel(false));
    }

    /** Holds the lock. */
    private void startWorker(Task<?> first) {
        var worker = new Worker(first);
        worker.thread = factory.newWorker(worker, ++started);
        workers.add(worker);
        try {
            worker.thread.start();
        } catch (Throwable failed) {
            workers.remove(worker);
            throw failed;
        }
    }

    /** The next task for the worker, waiting for one while idle; null when the worker should end. */
    private Task<?> next(Worker worker) {
        lock.lock();
        try {
            if (!closed && !turns.isEmpty()) {
                return takeInTurn();
            }
            idle.push(worker);
            long remaining = keepAliveNanos;
            while (worker.next == null && !closed && remaining > 0) {
                try {
                    remaining = worker.wake.awaitNanos(remaining);
                } catch (InterruptedException interrupted) {
                    // only close() interrupts an idle worker; the loop sees it closed
                }
            }
            Task<?> task = worker.next;
            worker.next = null;
            if (task != null && closed) {
                task.cancel(false);
                task = null;
            }
            if (task == null) {
                idle.remove(worker);
                workers.remove(worker);
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    /** Holds the lock; some tenant has waiting work. */
    private Task<?> takeInTurn() {
        String tenant = turns.pollFirst();
        ArrayDeque<Task<?>> own = waiting.get(tenant);
        Task<?> task = own.pollFirst();
        queued--;
        if (own.isEmpty()) {
            waiting.remove(tenant);
        } else {
            turns.addLast(tenant);
        }
        return task;
    }

    /** Takes a cancelled task out of its queue, if it is still waiting. */
    private void forget(Task<?> task) {
        lock.lock();
        try {
            ArrayDeque<Task<?>> own = waiting.get(task.tenant);
            if (own != null && own.remove(task)) {
                queued--;
                if (own.isEmpty()) {
                    waiting.remove(task.tenant);
                    turns.remove(task.tenant);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private final class Task<T> extends FutureTask<T> {

        final String tenant;

        Task(String tenant, Callable<T> work) {
            super(work);
            this.tenant = tenant;
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                forget(this);
            }
        }
    }

    private final class Worker implements Runnable {

        final Condition wake = lock.newCondition();
        Thread thread;
        /** Handed over by {@link #submit} while the worker is idle; guarded by the lock. */
        Task<?> next;
        private Task<?> first;

        Worker(Task<?> first) {
            this.first = first;
        }

        @Override
        public void run() {
            Task<?> task = first;
            first = null;
            try {
                while (task != null) {
                    task.run();
                    // a cancelled task's interrupt must not reach the next one
                    Thread.interrupted();
                    task = next(this);
                }
            } finally {
                lock.lock();
                try {
                    idle.remove(this);
                    workers.remove(this);
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
