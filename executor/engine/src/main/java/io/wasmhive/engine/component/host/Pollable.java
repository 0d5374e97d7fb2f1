package io.wasmhive.engine.component.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code wasi:io/poll.pollable}: ready at once, at a monotonic deadline, or when a future completes.
 * Blocking waits on the request's thread; the request's timeout interrupts it.
 */
final class Pollable {

    static final Pollable READY = new Pollable(0, null);

    private final long deadlineNanos;
    private final CompletableFuture<?> future;

    private Pollable(long deadlineNanos, CompletableFuture<?> future) {
        this.deadlineNanos = deadlineNanos;
        this.future = future;
    }

    /** Ready once {@code System.nanoTime()} reaches the deadline. */
    static Pollable at(long deadlineNanos) {
        return new Pollable(deadlineNanos, null);
    }

    static Pollable when(CompletableFuture<?> future) {
        return new Pollable(0, future);
    }

    boolean ready() {
        return future != null ? future.isDone() : System.nanoTime() - deadlineNanos >= 0;
    }

    /** Waits at most {@code maxNanos} for readiness. */
    void block(long maxNanos) {
        try {
            if (future != null) {
                future.get(maxNanos, TimeUnit.NANOSECONDS);
            } else {
                long wait = Math.min(maxNanos, deadlineNanos - System.nanoTime());
                wait = Math.min(wait, maxNanos);
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new com.dylibso.chicory.runtime.ChicoryInterruptedException("interrupted while the function waited");
        } catch (ExecutionException | TimeoutException e) {
            // ready with an error, or the wait ended; the caller asks again
        }
    }
}
