package io.wasmhive.engine.component.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code wasi:io/poll.pollable}: ready at once, at a monotonic deadline, when a future completes,
 * or whenever something it watches is (an input stream with bytes to read).
 * Blocking waits on the request's thread; the request's timeout interrupts it.
 */
final class Pollable {

    /** Something whose readiness comes and goes, for example a stream with bytes buffered or not. */
    interface Watched {
        boolean ready();

        /** Waits at most {@code maxNanos} for readiness. */
        void await(long maxNanos) throws InterruptedException;
    }

    static final Pollable READY = new Pollable(0, null, null);

    private final long deadlineNanos;
    private final CompletableFuture<?> future;
    private final Watched watched;

    private Pollable(long deadlineNanos, CompletableFuture<?> future, Watched watched) {
        this.deadlineNanos = deadlineNanos;
        this.future = future;
        this.watched = watched;
    }

    /** Ready once {@code System.nanoTime()} reaches the deadline. */
    static Pollable at(long deadlineNanos) {
        return new Pollable(deadlineNanos, null, null);
    }

    static Pollable when(CompletableFuture<?> future) {
        return new Pollable(0, future, null);
    }

    /** Ready whenever {@code watched} is: asked again at every check, not once. */
    static Pollable watching(Watched watched) {
        return new Pollable(0, null, watched);
    }

    boolean ready() {
        if (watched != null) {
            return watched.ready();
        }
        return future != null ? future.isDone() : System.nanoTime() - deadlineNanos >= 0;
    }

    /** Waits at most {@code maxNanos} for readiness. */
    void block(long maxNanos) {
        try {
            if (watched != null) {
                watched.await(maxNanos);
            } else if (future != null) {
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
