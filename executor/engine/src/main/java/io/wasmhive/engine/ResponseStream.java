package io.wasmhive.engine;

import java.util.List;

/**
 * Where a response goes while the guest is still producing it. A wasi-http guest's head is sent
 * when it sets its response and its body as it writes it; WAGI guests answer only at the end.
 * Once {@link #head} was called the response is committed: a later failure can only cut it short.
 */
public interface ResponseStream {

    /**
     * The client went away while its response was being sent. Not the guest's failure: the engine
     * passes it on as it is, and it does not count against the function.
     */
    final class ClientGoneException extends RuntimeException {
        public ClientGoneException(Throwable cause) {
            super("the client went away while the response was being sent", cause);
        }
    }

    /** Collects nothing: the whole response comes back as the {@link GuestResponse}. */
    ResponseStream BUFFERED = new ResponseStream() {
        @Override
        public boolean streams() {
            return false;
        }

        @Override
        public void head(int status, List<Header> headers) {
            throw new UnsupportedOperationException("a buffered response has no head to send");
        }

        @Override
        public void body(byte[] bytes) {
            throw new UnsupportedOperationException("a buffered response has no body to send");
        }
    };

    /** Whether this stream takes the response as it is produced. */
    default boolean streams() {
        return true;
    }

    /** The status and headers, once, before any body bytes. */
    void head(int status, List<Header> headers);

    /** The next body bytes; may block while the client is slow. Throws {@link ClientGoneException}. */
    void body(byte[] bytes);
}
