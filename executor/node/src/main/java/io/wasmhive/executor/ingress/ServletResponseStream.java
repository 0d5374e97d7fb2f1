package io.wasmhive.executor.ingress;

import io.wasmhive.engine.Header;
import io.wasmhive.engine.ResponseStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Sends a guest's response to the client as the guest produces it: the head when the guest sets
 * it, each body write flushed. The guest runs on a worker thread while the request thread waits;
 * once the request thread gives up (timeout, failure) the stream is closed and later writes fail
 * the guest instead of touching the response.
 */
final class ServletResponseStream implements ResponseStream {

    private final HttpServletResponse response;
    private final boolean trailersSupported;
    private final BiConsumer<HttpServletResponse, List<Header>> writeHeaders;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private volatile BooleanSupplier refuseHead = () -> false;
    private boolean committed;
    /** Read without the lock: the request thread ends the stream even while a write blocks on a slow client. */
    private volatile boolean closed;

    /** @param protocol the request's HTTP version; trailers need HTTP/1.1 or later */
    ServletResponseStream(HttpServletResponse response, String protocol,
            BiConsumer<HttpServletResponse, List<Header>> writeHeaders) {
        this.response = response;
        this.trailersSupported = !protocol.equals("HTTP/1.0") && !protocol.equals("HTTP/0.9");
        this.writeHeaders = writeHeaders;
    }

    /**
     * A head set while {@code refuse} holds is not sent: the guest's call fails and the executor
     * answers instead (a request body over the limit becomes 413, whatever the guest says).
     */
    void refuseHeadWhen(BooleanSupplier refuse) {
        this.refuseHead = refuse;
    }

    @Override
    public synchronized void head(int status, List<Header> headers) {
        requireOpen();
        if (refuseHead.getAsBoolean()) {
            throw new IllegalStateException("the request body is over the limit: the executor answers 413");
        }
        response.setStatus(status);
        writeHeaders.accept(response, headers);
        if (trailersSupported) {
            response.setTrailerFields(() -> trailers); // filled in when the guest finishes its body
        }
        committed = true;
        try {
            response.flushBuffer();
        } catch (IOException clientGone) {
            throw new ClientGoneException(clientGone);
        }
    }

    @Override
    public synchronized void body(byte[] bytes) {
        requireOpen();
        try {
            var out = response.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException clientGone) {
            throw new ClientGoneException(clientGone);
        }
    }

    /** Ends a committed response: the trailers, then the end of the chunked body. */
    synchronized void finish(List<Header> guestTrailers, Header extra) {
        guestTrailers.forEach(t -> trailers.merge(t.name(), t.value(), (a, b) -> a + ", " + b));
        trailers.put(extra.name(), extra.value());
        closed = true;
    }

    /** Stops the stream; a guest still writing fails. */
    void close() {
        closed = true;
    }

    synchronized boolean committed() {
        return committed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the response was already ended by the executor");
        }
    }
}
