package io.wasmhive.engine.component.host;

import io.wasmhive.engine.Header;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.internal.BoundedOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The response a guest gives through its {@code response-outparam}, and how far it got. With a
 * streaming {@link ResponseStream} the head goes out when the guest sets the response and the body
 * as it is written; bytes written before that wait here.
 */
public final class ResponseState {

    private final int maxBodyBytes;
    private final ResponseStream stream;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long written;
    private boolean committed;
    private int status;
    private List<Header> headers = List.of();
    private List<Header> trailers = List.of();
    private boolean set;
    private String errorCode;
    private boolean bodyOpened;
    private boolean finished;
    private boolean abandoned;

    ResponseState(int maxBodyBytes, ResponseStream stream) {
        this.maxBodyBytes = maxBodyBytes;
        this.stream = stream;
    }

    void set(int status, List<Header> headers) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.set = true;
        if (stream.streams()) {
            stream.head(status, this.headers);
            committed = true;
            if (pending.size() > 0) {
                stream.body(pending.toByteArray());
                pending.reset();
            }
        }
    }

    void setError(String errorCode) {
        this.errorCode = errorCode;
        this.set = true;
    }

    /** Body bytes from the guest: sent on when the head is out, else kept; past the limit the write fails. */
    void write(byte[] bytes) {
        written += bytes.length;
        if (written > maxBodyBytes) {
            throw new BoundedOutputStream.LimitExceededException(maxBodyBytes);
        }
        if (committed) {
            stream.body(bytes);
        } else {
            pending.writeBytes(bytes);
        }
    }

    void bodyOpened() {
        bodyOpened = true;
    }

    void finish(List<Header> trailers) {
        this.trailers = List.copyOf(trailers);
        this.finished = true;
    }

    /** The guest dropped the body without finishing it: the response is incomplete. */
    void abandon() {
        abandoned = true;
    }

    public boolean isSet() {
        return set;
    }

    /** Whether the head has gone out to the client. */
    public boolean committed() {
        return committed;
    }

    /** The error-code the guest answered with instead of a response, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether the body was left unfinished: opened and dropped or never finished. */
    public boolean incomplete() {
        return abandoned || (bodyOpened && !finished);
    }

    public int status() {
        return status;
    }

    public List<Header> headers() {
        return headers;
    }

    public List<Header> trailers() {
        return trailers;
    }

    /** The body bytes not streamed: all of them for a buffered response. */
    public byte[] bodyBytes() {
        return pending.toByteArray();
    }

    static List<Header> headersOf(Fields fields) {
        var list = new ArrayList<Header>();
        for (var entry : fields.entries()) {
            list.add(new Header(entry.name(), Fields.text(entry.value())));
        }
        return list;
    }
}
