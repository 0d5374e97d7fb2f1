package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.internal.BoundedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The body of an outbound request as the guest writes it, before and after it calls
 * {@code outgoing-handler.handle}: the HTTP client is sent each write as it comes and the end when
 * the guest finishes the body. Every chunk is kept until the request ends, so a client that
 * subscribes again (the JDK client retries a request whose pooled connection turned out closed) is
 * sent the body from its start; the body's limit bounds what is kept, as it bounded the whole body
 * when it was sent in one piece.
 *
 * <p>Once the request is out, the guest's writes are held back while {@link #BUFFER_BYTES} wait
 * for the connection (it asks the body for more only as it sends), and fail once the request has
 * failed. Before, nothing is sent yet, so nothing holds them back.
 */
final class OutboundBody implements HttpRequest.BodyPublisher, Streams.Sink {

    /** What may wait for the connection while the body streams: the guest writes more as it takes it. */
    static final int BUFFER_BYTES = 64 << 10;

    /** The body was left unfinished (dropped, or the function ended): the request must not pass for complete. */
    static final class AbandonedException extends IOException {
        AbandonedException(String message) {
            super(message);
        }
    }

    private final int limit;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private long size;
    /** Bytes handed to the client, by its furthest subscription. */
    private long taken;
    private boolean finished;
    /** Why the body will not be finished, once it will not. */
    private IOException abandoned;
    /** The request went out before the body was finished. */
    private boolean streaming;
    /** The request's outcome, once it is over. */
    private Case outcome;

    OutboundBody(int limit) {
        this.limit = limit;
    }

    /** Bytes the guest wrote: past the limit the write fails, as a response body's does. */
    @Override
    public void write(byte[] bytes) {
        synchronized (this) {
            if (size + bytes.length > limit) {
                throw new BoundedOutputStream.LimitExceededException(limit);
            }
            size += bytes.length;
            chunks.add(bytes);
        }
        drainAll();
    }

    @Override
    public synchronized long room() {
        return streaming ? Math.max(0, BUFFER_BYTES - (size - taken)) : Streams.WRITE_PERMIT;
    }

    @Override
    public synchronized void awaitRoom(long bytes, long maxNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxNanos;
        for (long left = maxNanos; left > 0 && room() < bytes && failure() == null; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public synchronized String failure() {
        return outcome != null && outcome.is("error") ? "the request failed: " + ((Case) outcome.value()).label() : null;
    }

    /** The request is over: {@code ok(response)} or {@code error(error-code)}. */
    synchronized void ended(Case outcome) {
        this.outcome = outcome;
        notifyAll();
    }

    /** The guest finished the body: the request's body ends here. */
    void finish() {
        synchronized (this) {
            finished = true;
        }
        drainAll();
    }

    /** The body will not be finished (the guest dropped it, or the request is over): the request fails. */
    void abandon(String reason) {
        synchronized (this) {
            if (finished || abandoned != null) {
                return;
            }
            abandoned = new AbandonedException(reason);
        }
        drainAll();
    }

    /**
     * What the client sends: a body finished before the request goes out is sent whole, with its
     * length; one still being written streams, chunked.
     */
    synchronized HttpRequest.BodyPublisher publisher() {
        if (!finished) {
            streaming = true;
            return this;
        }
        var whole = new ByteArrayOutputStream((int) size);
        chunks.forEach(whole::writeBytes);
        return HttpRequest.BodyPublishers.ofByteArray(whole.toByteArray());
    }

    @Override
    public long contentLength() {
        return -1; // unknown while the guest writes: chunked
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        var subscription = new Subscription(subscriber);
        subscriber.onSubscribe(subscription); // first: the guest's writes drain only the subscriptions listed
        synchronized (this) {
            subscriptions.add(subscription);
        }
        subscription.drain();
    }

    private void drainAll() {
        List<Subscription> current;
        synchronized (this) {
            current = List.copyOf(subscriptions);
        }
        current.forEach(Subscription::drain);
    }

    /**
     * One subscriber's progress through the chunks. The guest's thread (writes) and the client's
     * (requests for more) both drain; only one drains at a time, the other leaving its turn to
     * it, so the subscriber's signals never overlap.
     */
    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicInteger turns = new AtomicInteger();
        private long demand;
        private int next;
        private long sent;
        private Throwable misuse;
        private volatile boolean done;

        Subscription(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (OutboundBody.this) {
                if (n <= 0) {
                    misuse = new IllegalArgumentException("a subscriber must request a positive number of items, not " + n);
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
            }
            drain();
        }

        @Override
        public void cancel() {
            done = true;
        }

        void drain() {
            if (turns.getAndIncrement() != 0) {
                return;
            }
            do {
                while (!done) {
                    byte[] chunk = null;
                    Throwable error;
                    boolean end;
                    synchronized (OutboundBody.this) {
                        error = misuse != null ? misuse : abandoned;
                        if (error == null && demand > 0 && next < chunks.size()) {
                            chunk = chunks.get(next++);
                            demand--;
                            sent += chunk.length;
                            taken = Math.max(taken, sent); // a retry sends again what an earlier subscription did
                            OutboundBody.this.notifyAll(); // room for a guest waiting to write
                        }
                        end = finished && next == chunks.size();
                    }
                    if (error != null) {
                        done = true;
                        subscriber.onError(error);
                    } else if (chunk != null) {
                        subscriber.onNext(ByteBuffer.wrap(chunk));
                    } else if (end) {
                        done = true;
                        subscriber.onComplete();
                    } else {
                        break; // nothing to send until the guest writes or the client asks
                    }
                }
            } while (turns.decrementAndGet() != 0);
        }
    }
}
