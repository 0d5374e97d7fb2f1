package io.wasmhive.engine.component.host;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.component.abi.ResourceTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code wasi:io/streams}, {@code wasi:io/poll} and {@code wasi:io/error}. */
final class Streams {

    private static final Case CLOSED = Case.error(new Case("closed", null));

    /** How much a guest may write per call: what check-write permits unless the sink is fuller. */
    static final long WRITE_PERMIT = 1 << 20;
    /** The most one read hands back, whatever the guest asks for. */
    static final int MAX_READ = 1 << 20;
    /** The most a blocking write-and-flush takes, as the WIT says. */
    static final int MAX_BLOCKING_WRITE = 4096;

    private Streams() {}

    /** {@code wasi:io/error.error}. */
    record IoError(String message) {}

    /** What an input stream reads from. */
    interface Source extends Pollable.Watched {
        /**
         * Up to {@code max} bytes, waiting at most {@code waitNanos} for the first ones.
         *
         * @return the bytes, empty when none came in time, null at the end
         */
        byte[] read(int max, long waitNanos) throws IOException, InterruptedException;

        /** The guest let go of the stream. */
        void close();
    }

    /**
     * A stream whose reads block until bytes come, however long the guest would wait (bytes in
     * memory, an outbound response's body): always ready.
     */
    static Source sourceOf(InputStream in) {
        return new Source() {
            @Override
            public byte[] read(int max, long waitNanos) throws IOException {
                byte[] buffer = new byte[max];
                int n = in.read(buffer, 0, max);
                return n < 0 ? null : n == max ? buffer : java.util.Arrays.copyOf(buffer, n);
            }

            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void await(long maxNanos) {
                // always ready
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing to report to a guest that let go
                }
            }
        };
    }

    /** A request body still arriving: reads wait as long as the guest asks, ready when bytes are buffered. */
    static Source sourceOf(RequestBody.Streaming body) {
        return new Source() {
            @Override
            public byte[] read(int max, long waitNanos) throws IOException, InterruptedException {
                return body.read(max, waitNanos);
            }

            @Override
            public boolean ready() {
                return body.readable();
            }

            @Override
            public void await(long maxNanos) throws InterruptedException {
                body.awaitReadable(maxNanos);
            }

            @Override
            public void close() {
                body.stop();
            }
        };
    }

    /** An input stream resource, closed when the guest drops it. */
    static final class Input implements ResourceTable.Droppable {
        private final Source source;
        private final Runnable onDrop;
        private boolean closed;

        /** @param onDrop tells the stream's parent (a body) that the stream is gone */
        Input(Source source, Runnable onDrop) {
            this.source = source;
            this.onDrop = onDrop;
        }

        /** A stream with no parent to tell (stdin). */
        Input(Source source) {
            this(source, () -> {});
        }

        /**
         * A read: a blocking one waits for bytes until the request's timeout (then the guest is
         * stopped, as in any other wait); a non-blocking one returns what is there, maybe nothing.
         */
        Case read(long length, boolean blocking, WasiSession session) {
            if (closed) {
                return CLOSED;
            }
            int wanted = length < 0 || length > MAX_READ ? MAX_READ : (int) length; // u64: negative is huge
            if (wanted == 0) {
                return Case.ok(new byte[0]);
            }
            try {
                byte[] bytes;
                if (blocking) {
                    do {
                        long left = session.remainingNanos();
                        if (left <= 0) {
                            throw new ChicoryInterruptedException("the function waited past its timeout");
                        }
                        bytes = source.read(wanted, left);
                    } while (bytes != null && bytes.length == 0);
                } else {
                    bytes = source.read(wanted, 0);
                }
                if (bytes == null) {
                    closed = true;
                    return CLOSED;
                }
                return Case.ok(bytes);
            } catch (IOException e) {
                closed = true;
                return Case.error(new Case("last-operation-failed", new IoError(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("interrupted while the function waited");
            }
        }

        Case skip(long length, boolean blocking, WasiSession session) {
            var result = read(length, blocking, session);
            return result.is("ok") ? Case.ok((long) ((byte[]) result.value()).length) : result;
        }

        /** Ready when a read would not wait: bytes there, the end, or a failure. */
        Pollable subscribe() {
            return closed ? Pollable.READY : Pollable.watching(source);
        }

        @Override
        public void drop() {
            source.close();
            onDrop.run();
        }
    }

    /**
     * Where an output stream's bytes go. Unless it says otherwise, a sink takes every write at once
     * and never fails: an outbound request's body can be full (the connection has not taken enough)
     * or failed (the request did).
     */
    interface Sink {
        void write(byte[] bytes);

        /** How many bytes a write may take now: 0 while the sink is full. */
        default long room() {
            return WRITE_PERMIT;
        }

        /** Waits at most {@code maxNanos} until {@code bytes} fit or the sink fails. */
        default void awaitRoom(long bytes, long maxNanos) throws InterruptedException {
            // always room
        }

        /** Why the sink takes no more bytes, or null while it does. */
        default String failure() {
            return null;
        }
    }

    static Sink sinkOf(OutputStream out) {
        return bytes -> {
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /**
     * An output stream resource. It closes only when its sink fails: a body's stream cannot outlive
     * its body (see {@link BodyStream}), and stdout and stderr take bytes until the request ends.
     */
    static final class Output implements ResourceTable.Droppable {
        private final Sink sink;
        private final Runnable onDrop;
        private boolean closed;

        /** @param onDrop tells the stream's parent (a body) that the stream is gone */
        Output(Sink sink, Runnable onDrop) {
            this.sink = sink;
            this.onDrop = onDrop;
        }

        /** A stream with no parent to tell (stdout, stderr). */
        Output(Sink sink) {
            this(sink, () -> {});
        }

        Case checkWrite() {
            var failed = failed();
            return failed != null ? failed : Case.ok(permit());
        }

        /**
         * A write within what {@link #checkWrite} permits; the WIT makes a larger one a trap. A
         * blocking one first waits for room, at most until the request's timeout.
         */
        Case write(byte[] contents, boolean blocking, WasiSession session) {
            if (blocking) {
                awaitRoom(contents.length, session);
            }
            var failed = failed();
            if (failed != null) {
                return failed;
            }
            requireAtMost(contents.length, permit(), "write");
            sink.write(contents);
            return Case.ok(null);
        }

        /**
         * Every write goes to its sink at once, so a flush has nothing left to do; a blocking one
         * waits, as the WIT says, until the stream takes writes again.
         */
        Case flush(boolean blocking, WasiSession session) {
            if (blocking) {
                awaitRoom(1, session);
            }
            var failed = failed();
            return failed != null ? failed : Case.ok(null);
        }

        /** Ready when a write would not wait: room in the sink, or a failure to report. */
        Pollable subscribe() {
            return closed ? Pollable.READY : Pollable.watching(new Pollable.Watched() {
                @Override
                public boolean ready() {
                    return sink.room() > 0 || sink.failure() != null;
                }

                @Override
                public void await(long maxNanos) throws InterruptedException {
                    sink.awaitRoom(1, maxNanos);
                }
            });
        }

        private long permit() {
            return Math.min(sink.room(), WRITE_PERMIT);
        }

        /** The sink's failure: reported once as the last operation's, then as the stream closed, as the WIT says. */
        private Case failed() {
            if (closed) {
                return CLOSED;
            }
            String failure = sink.failure();
            if (failure == null) {
                return null;
            }
            closed = true;
            return Case.error(new Case("last-operation-failed", new IoError(failure)));
        }

        private void awaitRoom(long bytes, WasiSession session) {
            try {
                while (sink.room() < bytes && sink.failure() == null) {
                    long left = session.remainingNanos();
                    if (left <= 0) {
                        throw new ChicoryInterruptedException("the function waited past its timeout");
                    }
                    sink.awaitRoom(bytes, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("interrupted while the function waited");
            }
        }

        @Override
        public void drop() {
            onDrop.run();
        }
    }

    static void register(Registry r) {
        r.in("wasi:io/error", "resource error;")
                .add("[method]error.to-debug-string", "func(self: borrow<error>) -> string",
                        (s, a) -> ((IoError) a[0]).message());
        r.in("wasi:io/poll", "resource pollable;")
                .add("[method]pollable.ready", "func(self: borrow<pollable>) -> bool", (s, a) -> ((Pollable) a[0]).ready())
                .add("[method]pollable.block", "func(self: borrow<pollable>)", (s, a) -> {
                    var pollable = (Pollable) a[0];
                    pollable.block(s.remainingNanos());
                    if (!pollable.ready()) {
                        throw new com.dylibso.chicory.runtime.ChicoryInterruptedException("the function waited past its timeout");
                    }
                    return null;
                })
                .add("poll", "func(in: list<borrow<pollable>>) -> list<u32>", (s, a) -> poll((java.util.List<?>) a[0], s));
        r.in("wasi:io/streams", """
                        use wasi:io/error.{error};
                        use wasi:io/poll.{pollable};
                        variant stream-error { last-operation-failed(error), closed }
                        resource input-stream;
                        resource output-stream;
                        """);
        // each blocking function has the type of its non-blocking twin
        String readType = "func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>";
        String skipType = "func(self: borrow<input-stream>, len: u64) -> result<u64, stream-error>";
        String writeType = "func(self: borrow<output-stream>, contents: list<u8>) -> result<_, stream-error>";
        String flushType = "func(self: borrow<output-stream>) -> result<_, stream-error>";
        String writeZeroesType = "func(self: borrow<output-stream>, len: u64) -> result<_, stream-error>";
        String spliceType = "func(self: borrow<output-stream>, src: borrow<input-stream>, len: u64) -> result<u64, stream-error>";
        r.add("[method]input-stream.read", readType, (s, a) -> ((Input) a[0]).read((Long) a[1], false, s))
                .add("[method]input-stream.blocking-read", readType, (s, a) -> ((Input) a[0]).read((Long) a[1], true, s))
                .add("[method]input-stream.skip", skipType, (s, a) -> ((Input) a[0]).skip((Long) a[1], false, s))
                .add("[method]input-stream.blocking-skip", skipType, (s, a) -> ((Input) a[0]).skip((Long) a[1], true, s))
                .add("[method]input-stream.subscribe", "func(self: borrow<input-stream>) -> pollable",
                        (s, a) -> ((Input) a[0]).subscribe())
                .add("[method]output-stream.check-write", "func(self: borrow<output-stream>) -> result<u64, stream-error>",
                        (s, a) -> ((Output) a[0]).checkWrite())
                .add("[method]output-stream.write", writeType, (s, a) -> ((Output) a[0]).write((byte[]) a[1], false, s))
                .add("[method]output-stream.blocking-write-and-flush", writeType, (s, a) -> {
                    byte[] contents = (byte[]) a[1];
                    requireAtMost(contents.length, MAX_BLOCKING_WRITE, "blocking-write-and-flush");
                    return ((Output) a[0]).write(contents, true, s); // a write is flushed as it is made
                })
                .add("[method]output-stream.flush", flushType, (s, a) -> ((Output) a[0]).flush(false, s))
                .add("[method]output-stream.blocking-flush", flushType, (s, a) -> ((Output) a[0]).flush(true, s))
                .add("[method]output-stream.subscribe", "func(self: borrow<output-stream>) -> pollable", (s, a) -> ((Output) a[0]).subscribe())
                .add("[method]output-stream.write-zeroes", writeZeroesType, (s, a) ->
                        ((Output) a[0]).write(new byte[requireAtMost((Long) a[1], WRITE_PERMIT, "write-zeroes")], false, s))
                .add("[method]output-stream.blocking-write-zeroes-and-flush", writeZeroesType, (s, a) ->
                        ((Output) a[0]).write(new byte[requireAtMost((Long) a[1], MAX_BLOCKING_WRITE, "blocking-write-zeroes-and-flush")], true, s))
                .add("[method]output-stream.splice", spliceType, (s, a) -> splice((Output) a[0], (Input) a[1], (Long) a[2], false, s))
                .add("[method]output-stream.blocking-splice", spliceType,
                        (s, a) -> splice((Output) a[0], (Input) a[1], (Long) a[2], true, s));
    }

    /**
     * The length of a write, which the WIT bounds (by what {@code check-write} permits, by 4096
     * bytes for a blocking write-and-flush) and makes a trap above the bound, as wasmtime does: a
     * guest that works here works there.
     */
    private static int requireAtMost(long length, long max, String function) {
        if (length < 0 || length > max) { // u64: negative is huge
            throw new TrapException(function + " takes at most " + max + " bytes, not " + Long.toUnsignedString(length));
        }
        return (int) length;
    }

    /** As the WIT says: check-write, a read of at most what it permits, a write; a blocking one first waits for room. */
    private static Case splice(Output to, Input from, long length, boolean blocking, WasiSession session) {
        if (blocking) {
            to.awaitRoom(1, session);
        }
        var permit = to.checkWrite();
        if (!permit.is("ok")) {
            return permit;
        }
        long permitted = (Long) permit.value();
        var read = from.read(Long.compareUnsigned(length, permitted) < 0 ? length : permitted, blocking, session); // u64 length
        if (!read.is("ok")) {
            return read;
        }
        byte[] bytes = (byte[]) read.value();
        var written = to.write(bytes, false, session);
        return written.is("ok") ? Case.ok((long) bytes.length) : written;
    }

    private static java.util.List<Integer> poll(java.util.List<?> pollables, WasiSession session) {
        if (pollables.isEmpty()) {
            throw new TrapException("poll needs at least one pollable");
        }
        for (;;) {
            var ready = new java.util.ArrayList<Integer>();
            for (int i = 0; i < pollables.size(); i++) {
                if (((Pollable) pollables.get(i)).ready()) {
                    ready.add(i);
                }
            }
            if (!ready.isEmpty()) {
                return ready;
            }
            if (session.remainingNanos() <= 0) {
                throw new com.dylibso.chicory.runtime.ChicoryInterruptedException("the function waited past its timeout");
            }
            ((Pollable) pollables.getFirst()).block(1_000_000); // re-check all every millisecond
        }
    }
}
