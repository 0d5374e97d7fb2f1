package io.wasmhive.engine;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request's body: {@linkplain #of complete}, or {@linkplain #streaming still arriving} from the
 * client while the guest runs.
 */
public abstract sealed class RequestBody permits RequestBody.Complete, RequestBody.Streaming {

    public static final RequestBody EMPTY = of(new byte[0]);

    /** How far a streaming body reads ahead of the guest. */
    public static final int READ_AHEAD_BYTES = 64 << 10;

    private RequestBody() {}

    /** A body read whole. */
    public static RequestBody of(byte[] bytes) {
        return new Complete(bytes);
    }

    /**
     * A body read from {@code source} as the guest reads it, at most {@code maxBytes} in all. A
     * reader thread starts at once and keeps up to {@link #READ_AHEAD_BYTES} ready; the owner
     * must {@link Streaming#close} it when the request is over, before {@code source} goes away.
     */
    public static Streaming streaming(InputStream source, long maxBytes) {
        return new Streaming(source, maxBytes);
    }

    /** The whole body; only a complete body has it. */
    public abstract byte[] bytes();

    /** A body held whole in memory. */
    public static final class Complete extends RequestBody {
        private final byte[] bytes;

        private Complete(byte[] bytes) {
            this.bytes = Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public byte[] bytes() {
            return bytes;
        }
    }

    /**
     * A body still arriving. One thread (the reader, a virtual thread) reads the client's stream
     * into a bounded buffer; the guest takes bytes from the buffer, waiting for them at most as
     * long as it is told to. Going over the limit or losing the client fails the body: bytes
     * buffered before still come out, then every read throws.
     */
    public static final class Streaming extends RequestBody {

        /** The body is larger than the limit. */
        public static final class TooLargeException extends IOException {
            TooLargeException(long limit) {
                super("the request body is larger than the " + limit + " bytes this function accepts");
            }
        }

        private static final int CHUNK_BYTES = 16 << 10;

        private final InputStream source;
        private final long maxBytes;
        private final ReentrantLock lock = new ReentrantLock();
        /** Signalled when bytes arrive, the body ends or fails, or the reader stops. */
        private final Condition changed = lock.newCondition();
        private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
        private int headOffset;
        private int buffered;
        private long received;
        private boolean ended;
        private IOException failure;
        private boolean stopped;
        private final Thread reader;

        private Streaming(InputStream source, long maxBytes) {
            this.source = Objects.requireNonNull(source, "source");
            this.maxBytes = maxBytes;
            this.reader = Thread.ofVirtual().name("request-body").start(this::readAll);
        }

        @Override
        public byte[] bytes() {
            throw new IllegalStateException("a streaming body is read as it arrives, not whole");
        }

        private void readAll() {
            byte[] buffer = new byte[CHUNK_BYTES];
            try {
                for (;;) {
                    lock.lock();
                    try {
                        while (buffered >= READ_AHEAD_BYTES && !stopped) {
                            changed.awaitUninterruptibly();
                        }
                        if (stopped) {
                            return;
                        }
                    } finally {
                        lock.unlock();
                    }
                    int n = source.read(buffer);
                    lock.lock();
                    try {
                        if (n < 0) {
                            ended = true;
                            return;
                        }
                        received += n;
                        if (received > maxBytes) {
                            failure = new TooLargeException(maxBytes);
                            return;
                        }
                        if (stopped) {
                            return;
                        }
                        if (n > 0) {
                            chunks.add(Arrays.copyOf(buffer, n));
                            buffered += n;
                        }
                    } finally {
                        changed.signalAll();
                        lock.unlock();
                    }
                }
            } catch (IOException | RuntimeException e) {
                lock.lock();
                try {
                    failure = new IOException("the request body broke off: " + e.getMessage(), e);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /**
         * Takes up to {@code max} buffered bytes, waiting at most {@code waitNanos} for some (0: not
         * at all).
         *
         * @return the bytes, empty when none came in time, or null at the body's end
         * @throws IOException the body went over the limit, the client went away or the request is over
         */
        public byte[] read(int max, long waitNanos) throws IOException, InterruptedException {
            lock.lock();
            try {
                long deadline = System.nanoTime() + waitNanos;
                while (buffered == 0 && !ended && failure == null && !stopped) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new byte[0];
                    }
                    changed.awaitNanos(left);
                }
                if (buffered > 0) {
                    return take(max);
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return null;
                }
                throw new IOException("the request is over");
            } finally {
                lock.unlock();
            }
        }

        private byte[] take(int max) {
            byte[] out = new byte[Math.min(max, buffered)];
            int filled = 0;
            while (filled < out.length) {
                byte[] head = chunks.peekFirst();
                int n = Math.min(head.length - headOffset, out.length - filled);
                System.arraycopy(head, headOffset, out, filled, n);
                filled += n;
                headOffset += n;
                if (headOffset == head.length) {
                    chunks.removeFirst();
                    headOffset = 0;
                }
            }
            buffered -= out.length;
            changed.signalAll(); // room for the reader
            return out;
        }

        /** Whether a read would not wait: bytes are buffered, or the body ended or failed. */
        public boolean readable() {
            lock.lock();
            try {
                return buffered > 0 || ended || failure != null || stopped;
            } finally {
                lock.unlock();
            }
        }

        /** Waits at most {@code maxNanos} until {@link #readable}. */
        public void awaitReadable(long maxNanos) throws InterruptedException {
            lock.lock();
            try {
                long left = maxNanos;
                while (buffered == 0 && !ended && failure == null && !stopped && left > 0) {
                    left = changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits at most {@code maxWait} until the read-ahead buffer is full or the body ended or
         * failed: what the caller does before the guest starts, so that a small body is whole and a
         * slow client's first bytes are there before a guest worker is taken.
         */
        public void awaitReadAhead(Duration maxWait) throws InterruptedException {
            lock.lock();
            try {
                long left = maxWait.toNanos();
                while (buffered < READ_AHEAD_BYTES && !ended && failure == null && !stopped && left > 0) {
                    left = changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Whether the whole body arrived (it may not have been read yet). */
        public boolean ended() {
            lock.lock();
            try {
                return ended;
            } finally {
                lock.unlock();
            }
        }

        /** Whether the body went over the limit; reads fail once the bytes before are taken. */
        public boolean overLimit() {
            lock.lock();
            try {
                return failure instanceof TooLargeException;
            } finally {
                lock.unlock();
            }
        }

        /** Why the body failed (over the limit, client gone), or null. */
        public IOException failure() {
            lock.lock();
            try {
                return failure;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Stops reading: later reads fail, unless the body already ended or failed. Does not wait
         * for a read from the client in progress; {@link #close} does.
         */
        public void stop() {
            lock.lock();
            try {
                stopped = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Stops reading and waits until the reader no longer touches the source: a read from the
         * client in progress ends when bytes arrive, the client goes away or the connection's read
         * timeout passes. What was not read stays in the source.
         */
        public void close() {
            stop();
            boolean interrupted = false;
            for (;;) {
                try {
                    reader.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
