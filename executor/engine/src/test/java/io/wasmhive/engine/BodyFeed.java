package io.wasmhive.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A request body the test sends piece by piece, as a client would: reads block until the test
 * sends the next piece, ends the body or breaks it off.
 */
public final class BodyFeed extends InputStream {

    private static final byte[] END = new byte[0];
    private static final byte[] BROKEN = new byte[0];

    private final LinkedBlockingQueue<byte[]> pieces = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int offset;
    private boolean over;

    public void send(String text) {
        pieces.add(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) {
        pieces.add(bytes.clone());
    }

    /** The body's end. */
    public void end() {
        pieces.add(END);
    }

    /** The client goes away. */
    public void breakOff() {
        pieces.add(BROKEN);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        while (offset == current.length) {
            if (over) {
                return -1;
            }
            byte[] next;
            try {
                next = pieces.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            if (next == END) {
                over = true;
                return -1;
            }
            if (next == BROKEN) {
                throw new IOException("Connection reset by peer");
            }
            current = next;
            offset = 0;
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, into, off, n);
        offset += n;
        return n;
    }
}
